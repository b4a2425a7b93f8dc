// One row of the detector table: a credential type given by its token shape, either with a
// distinctive prefix (P) or anchored on a service keyword in the name it is assigned to (K).

export interface Row {
  id: string;
  name: string;
  issuer: string;
  category: string;
  shape: string;
  /** Keyword regex (case-insensitive) that must name the variable the token is assigned to. */
  kw?: string;
  /** Prefilter keywords; default: the words of `kw`, or the shape's literal prefix. */
  keywords?: string[];
  /** Variable name used in the generated examples. */
  env?: string;
  /** K rows: the name need not also contain key/token/secret/... (the keyword says it). */
  bare?: boolean;
  lifetime?: 'static' | 'ephemeral' | 'unknown';
  desc?: string;
  /** Entropy floor; default from the shape, `null` for none. */
  entropy?: number | null;
  examples?: string[];
  negatives?: string[];
  /** Skip the generated low-entropy negative (long fixed text keeps its entropy high). */
  noFlat?: boolean;
}

type Opts = Partial<Omit<Row, 'id' | 'name' | 'shape' | 'kw'>>;

const issuerOf = (id: string): string => id.split('-')[0]!;

/** A token with a distinctive literal prefix or structure. */
export function P(id: string, name: string, shape: string, o: Opts = {}): Omit<Row, 'category'> {
  return { id, name, shape, issuer: o.issuer ?? issuerOf(id), ...o };
}

/** A token of a known shape assigned to a name that contains the service keyword. */
export function K(id: string, name: string, kw: string, shape: string, o: Opts = {}): Omit<Row, 'category'> {
  return { id, name, shape, kw, issuer: o.issuer ?? issuerOf(id), ...o };
}

export function category(cat: string, rows: Omit<Row, 'category'>[]): Row[] {
  return rows.map((r) => ({ ...r, category: cat }));
}
