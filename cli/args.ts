// A small command-line parser: `--flag value`, `--flag=value`, boolean switches, positionals.
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface FlagSpec {
  readonly name: string; // without dashes
  readonly alias?: string; // one letter, e.g. 'o'
  readonly kind: 'string' | 'int' | 'switch';
  readonly help: string;
  readonly values?: readonly string[];
}

export interface Parsed {
  readonly positionals: string[];
  readonly flags: Map<string, string | number | true>;
}

export function parseArgs(command: string, argv: readonly string[], specs: readonly FlagSpec[]): Parsed {
  const positionals: string[] = [];
  const flags = new Map<string, string | number | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = a.startsWith('--') ? a.slice(2, eq > 0 ? eq : undefined) : a.slice(1);
    const spec = specs.find((s) => s.name === key || s.alias === key);
    if (!spec) {
      const near = specs.find((s) => s.name.startsWith(key.slice(0, 3)));
      throw new UsageError(`'nnc ${command}' has no option '${a}'${near ? ` (did you mean '--${near.name}'?)` : ''}; see 'nnc ${command} --help'`);
    }
    if (spec.kind === 'switch') {
      flags.set(spec.name, true);
      continue;
    }
    const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined) throw new UsageError(`option '--${spec.name}' needs a value`);
    if (spec.values && !spec.values.includes(v)) {
      throw new UsageError(`option '--${spec.name}' must be one of ${spec.values.join(', ')}, not '${v}'`);
    }
    if (spec.kind === 'int') {
      if (!/^-?\d+$/.test(v)) throw new UsageError(`option '--${spec.name}' needs a whole number, not '${v}'`);
      flags.set(spec.name, Number(v));
    } else flags.set(spec.name, v);
  }
  return { positionals, flags };
}

export function helpText(usage: string, summary: string, specs: readonly FlagSpec[]): string {
  const lines = [`usage: ${usage}`, '', summary];
  if (specs.length) {
    lines.push('', 'options:');
    for (const s of specs) {
      const name = `${s.alias ? `-${s.alias}, ` : ''}--${s.name}${s.kind === 'switch' ? '' : ` ${s.kind === 'int' ? 'N' : 'VALUE'}`}`;
      lines.push(`  ${name.padEnd(28)} ${s.help}`);
    }
  }
  return lines.join('\n') + '\n';
}
