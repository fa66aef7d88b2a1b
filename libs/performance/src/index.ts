// @confiture/performance: nothing is exported yet; see README.md for the scope of this library.
export {};
