import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env['CONFITURE_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserUnavailable(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  return undefined;
}

/** Why the PDF text tests cannot run here, or undefined when they can. */
export function pdftotextUnavailable(): string | undefined {
  return spawnSync('pdftotext', ['-v']).error
    ? 'pdftotext is not installed (apt-get install poppler-utils)'
    : undefined;
}

/**
 * `it`, or `it.skip` with the reason in its name when a tool is missing; with
 * CONFITURE_REQUIRE_BROWSER=1 (CI) a missing tool fails the test instead.
 */
export function itWith(reason: string | undefined): jest.It {
  if (reason === undefined || process.env['CONFITURE_REQUIRE_BROWSER'] === '1') return it;
  return ((name: string, fn: jest.ProvidesCallback, timeout?: number) =>
    it.skip(`${name} (skipped: ${reason})`, fn, timeout)) as jest.It;
}

/** Opens `file` in headless Chromium (a fresh profile, no network services) and runs `work` on the page. */
export async function withPage<T>(file: string, work: (page: Page) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'confiture-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`file://${file}`);
    return await work(page);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
