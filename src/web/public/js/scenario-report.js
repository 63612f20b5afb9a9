// Placeholder until the simulation report shape lands.
export function reportView(result) {
  return { meta: JSON.stringify(result).slice(0, 200), charts: [], affected: { caption: '', columns: [], rows: [] } };
}
