import { z } from 'zod';
import { unknownFieldsSentence } from './didYouMean';

type AnyDef = Record<string, unknown> & { type: string };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: AnyDef } })._zod.def;
const cloneWith = <T extends z.ZodType>(s: T, changes: Record<string, unknown>): T => s.clone({ ...defOf(s), ...changes } as never) as T;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch', 'success']);

/**
 * The same schema with every object in it refusing keys it does not declare (zod's own
 * `unrecognized_keys` issue), and the message naming the key and the nearest known one:
 * `unknown field "allowNegativStock" (did you mean allowNegativeStock?)`. Refinements, defaults and
 * transforms are kept (each node is cloned with its own definition). Applied where a contract is
 * assembled, so a schema added later is strict without anyone remembering to say so.
 */
export function strictSchema<T extends z.ZodType>(schema: T, seen = new Map<z.ZodType, z.ZodType>()): T {
  const done = seen.get(schema);
  if (done) return done as T;
  const def = defOf(schema);
  let out: z.ZodType = schema;
  const s = (x: unknown) => strictSchema(x as z.ZodType, seen);
  switch (def.type) {
    case 'object': {
      const shape = (schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
      const known = Object.keys(shape);
      const strictShape = Object.fromEntries(known.map((k) => [k, s(shape[k])]));
      const ownError = def.error as ((iss: unknown) => unknown) | undefined;
      // An object that already says what extra keys may be (a catchall other than "never") keeps it.
      const catchall = def.catchall as z.ZodType | undefined;
      const keepsCatchall = catchall !== undefined && defOf(catchall).type !== 'never';
      out = cloneWith(schema, {
        shape: strictShape,
        catchall: keepsCatchall ? s(catchall) : z.never(),
        error: (iss: { code?: string; keys?: string[] }) => {
          if (iss.code === 'unrecognized_keys' && iss.keys) return unknownFieldsSentence(iss.keys, known);
          return ownError?.(iss);
        },
      });
      break;
    }
    case 'array':
      out = cloneWith(schema, { element: s(def.element) });
      break;
    case 'union':
      out = cloneWith(schema, { options: (def.options as z.ZodType[]).map(s) });
      break;
    case 'intersection':
      out = cloneWith(schema, { left: s(def.left), right: s(def.right) });
      break;
    case 'pipe':
      out = cloneWith(schema, { in: s(def.in), out: s(def.out) });
      break;
    case 'record':
      out = cloneWith(schema, { valueType: s(def.valueType) });
      break;
    case 'tuple':
      out = cloneWith(schema, { items: (def.items as z.ZodType[]).map(s), rest: def.rest ? s(def.rest) : def.rest });
      break;
    case 'lazy': {
      const getter = def.getter as () => z.ZodType;
      out = cloneWith(schema, { getter: () => s(getter()) });
      break;
    }
    default:
      if (WRAPPERS.has(def.type)) out = cloneWith(schema, { innerType: s(def.innerType) });
  }
  seen.set(schema, out);
  return out as T;
}

/** Every schema of a contract made strict (see strictSchema), keeping each one's type. */
export function strictContract<C extends Record<string, z.ZodType>>(contract: C): C {
  const seen = new Map<z.ZodType, z.ZodType>();
  return Object.fromEntries(Object.entries(contract).map(([name, schema]) => [name, strictSchema(schema, seen)])) as C;
}
