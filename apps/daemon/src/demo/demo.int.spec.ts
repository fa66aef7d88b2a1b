import { api, startDaemonProcess, waitFor } from '../test-support/daemon-process';

describe('confiture-daemon --demo', () => {
  it('serves the demo shop with a schedule every minute and a printed one-time token, and cleans up on stop', async () => {
    const env: Record<string, string> = {};
    if (process.env['DATABASE_URL']) env['DATABASE_URL'] = process.env['DATABASE_URL'];
    const demo = await startDaemonProcess(['--demo'], env, 180_000);
    try {
      const token = await waitFor(
        'the token line',
        async () =>
          /One-time admin token \(shown once, not stored\): (\S+)/.exec(demo.stderr())?.[1],
      );
      expect(demo.stderr()).toContain(`confiture-daemon is running at ${demo.url}`);
      expect((await api(demo.url, 'GET', '/health/ready')).status).toBe(200);
      const schedules = await api(demo.url, 'GET', '/schedules', token);
      expect(schedules.body).toEqual([
        expect.objectContaining({ name: 'every-minute', cron: '* * * * *', mode: 'atomic' }),
      ]);
      // The API document it points to needs the token too.
      expect(demo.stderr()).toContain(`${demo.url}/openapi.json`);
      expect((await api(demo.url, 'GET', '/openapi.json')).status).toBe(401);
      expect((await api(demo.url, 'GET', '/openapi.json', token)).status).toBe(200);
      // The token appears where the demo prints it for the user, never in the log.
      expect(demo.stdout()).not.toContain(token);
    } finally {
      expect(await demo.stop('SIGTERM')).toBe(0);
    }
    expect(demo.stderr()).toContain('▸ stopping');
  });
});
