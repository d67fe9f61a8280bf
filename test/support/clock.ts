/** The fixed clock every test builds with: 2025-06-01T12:00:00Z. Posts after it are "future". */
export const FIXED_NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
