import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type SelectionSetNode,
} from 'graphql';

/**
 * GraphQL types as the JSON Schemas (OpenAPI 3.1, JSON Schema 2020-12) of what REST takes and answers.
 * An answer's schema follows the route's own operation, field by field, so it says exactly what the
 * answer holds; a nullable field admits `null`; scalars, enums, input and object types are components.
 */

export type JsonSchema = Record<string, unknown>;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** GraphQL's own scalars, written where they are used. */
const BUILT_IN: Record<string, JsonSchema> = {
  String: { type: 'string' },
  Boolean: { type: 'boolean' },
  Int: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
  Float: { type: 'number' },
  ID: { type: 'string' },
};

/**
 * The schema's own scalars as components (a new scalar must be added here, or the server does not
 * start).
 */
const SCALARS: Record<string, JsonSchema> = {
  SafeInt: {
    type: 'integer',
    minimum: -MAX_SAFE,
    maximum: MAX_SAFE,
    description:
      'An integer of at most 53 bits: money in cents, quantities in thousandths, rates in basis points.',
  },
  UUID: { type: 'string', format: 'uuid', description: 'A UUID.' },
  EmailAddress: { type: 'string', format: 'email', description: 'An e-mail address.' },
  LocalDate: { type: 'string', format: 'date', description: 'A calendar date, `YYYY-MM-DD`.' },
  TimeZone: {
    type: 'string',
    description: 'An IANA time zone name (`Europe/London`).',
    examples: ['Europe/London'],
  },
  DateTimeISO: { type: 'string', format: 'date-time', description: 'A date and time, ISO 8601 in UTC.' },
  JSONObject: { type: 'object', description: 'A JSON object.' },
};

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** `schema` or `null`. */
export function nullable(schema: JsonSchema): JsonSchema {
  if (schema.$ref) return { anyOf: [schema, { type: 'null' }] };
  return { ...schema, type: [schema.type, 'null'] };
}

/** `schema` without the `null` that `nullable` added. */
export function withoutNull(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[])[0];
  if (Array.isArray(schema.type)) return { ...schema, type: schema.type[0] };
  return schema;
}

function described(schema: JsonSchema, description: string | null | undefined): JsonSchema {
  if (!description) return schema;
  // A `$ref` beside `anyOf` is wrapped, so the description is the field's, not the component's.
  return { ...schema, description };
}

/** The components a document collects while its operations are described, by name. */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};
  /** An object type's component name for each selection of it met (its name for the first, whole one). */
  private readonly selections = new Map<string, string>();

  /** A named leaf or input type, as a reference to its component (written on first use). */
  private named(type: GraphQLNamedType): JsonSchema {
    if (BUILT_IN[type.name]) return BUILT_IN[type.name];
    if (!this.schemas[type.name]) {
      if (isScalarType(type)) {
        const schema = SCALARS[type.name];
        if (!schema) throw new Error(`OpenAPI: no JSON Schema for the scalar ${type.name}`);
        this.schemas[type.name] = schema;
      } else if (isEnumType(type)) {
        this.schemas[type.name] = described(
          { type: 'string', enum: type.getValues().map((v) => v.value as string) },
          type.description,
        );
      } else if (isInputObjectType(type)) {
        this.schemas[type.name] = {}; // placeholder: an input may hold itself
        this.schemas[type.name] = this.inputObject(type);
      }
    }
    return ref(type.name);
  }

  /** The JSON Schema of an input value: `null` admitted unless its type is non-null. */
  input(type: GraphQLInputType): JsonSchema {
    if (isNonNullType(type)) return this.inputOf(type.ofType);
    return nullable(this.inputOf(type));
  }

  private inputOf(type: GraphQLInputType): JsonSchema {
    return isListType(type)
      ? { type: 'array', items: this.input(type.ofType) }
      : this.named(getNamedType(type));
  }

  /** An input object: its fields, those of a non-null type without a default required. */
  private inputObject(type: GraphQLInputObjectType): JsonSchema {
    return described(
      objectSchema(
        Object.values(type.getFields()).map((field) => ({
          name: field.name,
          schema: described(this.input(field.type), field.description),
          required: isNonNullType(field.type) && field.defaultValue === undefined,
        })),
      ),
      type.description,
    );
  }

  /** The JSON Schema of an output value as the selection picks its fields. */
  output(type: GraphQLOutputType, selection: SelectionSetNode | undefined): JsonSchema {
    if (isNonNullType(type)) return this.outputOf(type.ofType, selection);
    return nullable(this.outputOf(type, selection));
  }

  private outputOf(type: GraphQLOutputType, selection: SelectionSetNode | undefined): JsonSchema {
    if (isListType(type)) return { type: 'array', items: this.output(type.ofType, selection) };
    const named = getNamedType(type);
    if (!isObjectType(named)) return this.named(named);
    if (!selection) throw new Error(`OpenAPI: ${named.name} answered without a selection`);
    return this.object(named, selection);
  }

  /** An object type as a component for each distinct selection of it (`TaxGroup`, `TaxGroupRef`). */
  private object(type: GraphQLObjectType, selection: SelectionSetNode): JsonSchema {
    const fields = selection.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
    const key = `${type.name}{${fields.map(signature).join(',')}}`;
    let name = this.selections.get(key);
    if (!name) {
      name = this.nameFor(type, fields);
      this.selections.set(key, name);
      this.schemas[name] = {};
      this.schemas[name] = described(
        objectSchema(
          fields.map((node) => {
            const field = type.getFields()[node.name.value] as GraphQLField<unknown, unknown>;
            return {
              name: node.alias?.value ?? node.name.value,
              schema: described(this.output(field.type, node.selectionSet), field.description),
              required: true,
            };
          }),
        ),
        type.description,
      );
    }
    return ref(name);
  }

  /** The type's name for its whole selection, `…Ref` for its id alone, else the name numbered. */
  private nameFor(type: GraphQLObjectType, fields: FieldNode[]): string {
    const whole = fields.length === Object.keys(type.getFields()).length;
    const base = whole
      ? type.name
      : fields.length === 1 && fields[0].name.value === 'id'
        ? `${type.name}Ref`
        : type.name;
    let name = base;
    for (let n = 2; this.schemas[name]; n++) name = `${base}${n}`;
    return name;
  }
}

/** A selection's shape as text, to tell selections of one type apart. */
function signature(node: FieldNode): string {
  const inner = node.selectionSet?.selections
    .filter((s): s is FieldNode => s.kind === Kind.FIELD)
    .map(signature)
    .join(',');
  return inner ? `${node.name.value}{${inner}}` : node.name.value;
}

/** An object of the given properties, no other. */
export function objectSchema(
  properties: Array<{ name: string; schema: JsonSchema; required: boolean }>,
): JsonSchema {
  const required = properties.filter((p) => p.required).map((p) => p.name);
  return {
    type: 'object',
    ...(required.length ? { required } : {}),
    properties: Object.fromEntries(properties.map((p) => [p.name, p.schema])),
    additionalProperties: false,
  };
}
