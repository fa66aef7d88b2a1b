import { ConfitureError } from '@confiture/domain';

/**
 * An (ε, δ) privacy budget under basic sequential composition: every release spends its ε and δ;
 * a release that would exceed the budget is refused, and so is every later one.
 */
export class PrivacyBudget {
  #spentEpsilon = 0;
  #spentDelta = 0;

  constructor(
    readonly epsilon: number,
    readonly delta = 0,
  ) {}

  /** ε spent so far. */
  get spentEpsilon(): number {
    return this.#spentEpsilon;
  }

  /** ε left. */
  get remainingEpsilon(): number {
    return Math.max(0, this.epsilon - this.#spentEpsilon);
  }

  /** Records one release, or throws STRATEGY_VALUE when the budget cannot pay for it. */
  spend(epsilon: number, delta = 0, where = 'dp strategy'): void {
    // A tiny tolerance so that e.g. ten releases of 0.1 fit a budget of 1.0.
    const tolerance = 1e-9 * Math.max(1, this.epsilon);
    if (
      this.#spentEpsilon + epsilon > this.epsilon + tolerance ||
      this.#spentDelta + delta > this.delta + 1e-15
    ) {
      throw new ConfitureError(
        'STRATEGY_VALUE',
        `${where}: privacy budget exhausted (spent ε=${round(this.#spentEpsilon)} of ${this.epsilon}${this.delta ? `, δ=${this.#spentDelta} of ${this.delta}` : ''}); refusing further releases`,
        {
          hint: 'Raise `budget` only after reviewing the privacy loss it allows, or release fewer values.',
        },
      );
    }
    this.#spentEpsilon += epsilon;
    this.#spentDelta += delta;
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
