// Writes a starting .graphql file for every root field of the schema that has none yet, so the typed SDK
// keeps up with the API. Existing files are never touched: they are reviewed and edited by hand.
//   dotnet run --project sdk/tools/HeadlessSales.Sdk.Scaffold [-- schema.graphql operations-folder]
using GraphQLParser;
using GraphQLParser.AST;

var root = FindRepositoryRoot();
var schemaPath = args.ElementAtOrDefault(0) ?? Path.Combine(root, "schema", "schema.graphql");
var operationsFolder = args.ElementAtOrDefault(1) ?? Path.Combine(root, "sdk", "HeadlessSales.Sdk", "Operations");

var schema = new Schema(Parser.Parse(File.ReadAllText(schemaPath)));
var written = 0;
foreach (var (kind, rootType) in new[] { ("query", "Query"), ("mutation", "Mutation"), ("subscription", "Subscription") })
{
    foreach (var field in schema.Fields(rootType))
    {
        var (name, text) = OperationWriter.Write(schema, kind, field);
        var path = Path.Combine(operationsFolder, name + ".graphql");
        if (File.Exists(path))
        {
            continue;
        }

        File.WriteAllText(path, text);
        Console.WriteLine("wrote " + Path.GetRelativePath(root, path));
        written++;
    }
}

Console.WriteLine(written == 0 ? "every root field already has an operation" : $"{written} operation(s) to review");
return 0;

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "HeadlessSales.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the repository.");
}

/// <summary>The schema's types by name, with the few questions the writer asks of them.</summary>
internal sealed class Schema(GraphQLDocument document)
{
    private static readonly HashSet<string> BuiltInScalars = ["ID", "String", "Int", "Float", "Boolean"];

    private readonly Dictionary<string, ASTNode> _types = document.Definitions
        .OfType<GraphQLTypeDefinition>()
        .Where(definition => definition is not GraphQLDirectiveDefinition)
        .ToDictionary(definition => definition.Name.StringValue, definition => (ASTNode)definition);

    /// <summary>The fields of a type, without deprecated ones: new operations should not start on them (the generator warns, HSGQL017).</summary>
    public IReadOnlyList<GraphQLFieldDefinition> Fields(string typeName) => (_types.GetValueOrDefault(typeName) switch
    {
        GraphQLObjectTypeDefinition type => type.Fields?.Items ?? [],
        GraphQLInterfaceTypeDefinition type => type.Fields?.Items ?? [],
        _ => [],
    }).Where(field => field.Directives?.Items.Any(d => d.Name.StringValue == "deprecated") != true).ToList();

    public bool IsLeaf(string typeName) =>
        BuiltInScalars.Contains(typeName) || _types.GetValueOrDefault(typeName) is GraphQLScalarTypeDefinition or GraphQLEnumTypeDefinition;

    public bool IsObject(string typeName) => _types.GetValueOrDefault(typeName) is GraphQLObjectTypeDefinition;

    public bool IsNode(string typeName) =>
        _types.GetValueOrDefault(typeName) is GraphQLObjectTypeDefinition type
        && (type.Interfaces?.Items ?? []).Any(i => i.Name.StringValue == "Node");

    public IEnumerable<string> Implementations(string interfaceName) => _types.Values
        .OfType<GraphQLObjectTypeDefinition>()
        .Where(type => (type.Interfaces?.Items ?? []).Any(i => i.Name.StringValue == interfaceName))
        .Select(type => type.Name.StringValue)
        .Order(StringComparer.Ordinal);

    public IEnumerable<string> UnionMembers(string unionName) =>
        _types.GetValueOrDefault(unionName) is GraphQLUnionTypeDefinition union ? (union.Types?.Items ?? []).Select(t => t.Name.StringValue) : [];

    public static string NamedType(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => NamedType(nonNull.Type),
        GraphQLListType list => NamedType(list.Type),
        GraphQLNamedType named => named.Name.StringValue,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string Print(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => Print(nonNull.Type) + "!",
        GraphQLListType list => "[" + Print(list.Type) + "]",
        GraphQLNamedType named => named.Name.StringValue,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>A field that can be selected without arguments: none of its arguments is required.</summary>
    public static bool NeedsNoArguments(GraphQLFieldDefinition field) =>
        (field.Arguments?.Items ?? []).All(argument => argument.Type is not GraphQLNonNullType || argument.DefaultValue is not null);
}

/// <summary>
/// The selection policy: every leaf field; value objects (Money, PageInfo) in full; references to other
/// nodes as id and name; no nested connections; connections as totalCount, pageInfo and nodes; payloads
/// with their object and every error type's fields.
/// </summary>
internal static class OperationWriter
{
    public static (string Name, string Text) Write(Schema schema, string kind, GraphQLFieldDefinition field)
    {
        var fieldName = field.Name.StringValue;
        var typeName = Schema.NamedType(field.Type);
        var name = kind == "query"
            ? (typeName.EndsWith("Connection", StringComparison.Ordinal) ? "List" : "Get") + Pascal(fieldName)
            : Pascal(fieldName);
        var arguments = field.Arguments?.Items ?? [];
        var header = kind + " " + name + (arguments.Count == 0 ? string.Empty : "(" + string.Join(", ", arguments.Select(a => "$" + a.Name.StringValue + ": " + Schema.Print(a.Type))) + ")") + " {";
        var call = "  " + fieldName + (arguments.Count == 0 ? string.Empty : "(" + string.Join(", ", arguments.Select(a => a.Name.StringValue + ": $" + a.Name.StringValue)) + ")");
        if (schema.IsLeaf(typeName))
        {
            // A scalar or enum (or a list of them) takes no selection set.
            return (name, string.Join("\n", header, call, "}") + "\n");
        }

        var lines = new List<string> { header, call + " {" };

        if (typeName == "Node")
        {
            // Sibling fragments may not use one response name for different shapes (email: String on one
            // type, String! on another): such fields get a type-prefixed alias.
            var conflicting = schema.Implementations("Node")
                .SelectMany(type => schema.Fields(type).Select(field => (field.Name.StringValue, Shape: Schema.Print(field.Type))))
                .GroupBy(field => field.Item1)
                .Where(group => group.Select(field => field.Shape).Distinct().Count() > 1)
                .Select(group => group.Key)
                .ToHashSet();
            lines.Add("    id");
            foreach (var implementation in schema.Implementations("Node"))
            {
                lines.Add("    ... on " + implementation + " {");
                lines.AddRange(Selection(schema, implementation, 3, 0, skipId: true, aliased: conflicting));
                lines.Add("    }");
            }
        }
        else if (typeName.EndsWith("Connection", StringComparison.Ordinal))
        {
            var itemType = Schema.NamedType(schema.Fields(typeName).Single(f => f.Name.StringValue == "nodes").Type);
            lines.AddRange(["    totalCount", "    pageInfo {", "      hasNextPage", "      hasPreviousPage", "      startCursor", "      endCursor", "    }", "    nodes {"]);
            lines.AddRange(Selection(schema, itemType, 3, 0));
            lines.Add("    }");
        }
        else if (typeName.EndsWith("Payload", StringComparison.Ordinal))
        {
            foreach (var payloadField in schema.Fields(typeName))
            {
                var payloadType = Schema.NamedType(payloadField.Type);
                if (payloadField.Name.StringValue == "errors")
                {
                    lines.Add("    errors {");
                    lines.AddRange(Errors(schema, payloadType, 3));
                    lines.Add("    }");
                }
                else if (schema.IsLeaf(payloadType))
                {
                    lines.Add("    " + payloadField.Name.StringValue);
                }
                else
                {
                    lines.Add("    " + payloadField.Name.StringValue + " {");
                    lines.AddRange(Selection(schema, payloadType, 3, 0));
                    lines.Add("    }");
                }
            }
        }
        else
        {
            lines.AddRange(Selection(schema, typeName, 2, 0));
        }

        lines.AddRange(["  }", "}"]);
        return (name, string.Join("\n", lines) + "\n");
    }

    private static IEnumerable<string> Selection(Schema schema, string typeName, int indent, int depth, bool skipId = false, IReadOnlySet<string>? aliased = null)
    {
        var pad = new string(' ', indent * 2);
        var fields = schema.Fields(typeName).OrderBy(f => f.Name.StringValue != "id"); // id first, then schema order
        foreach (var field in fields.Where(Schema.NeedsNoArguments))
        {
            var fieldName = field.Name.StringValue;
            var type = Schema.NamedType(field.Type);
            if (fieldName == "id" && skipId)
            {
                continue;
            }

            var name = aliased?.Contains(fieldName) == true
                ? char.ToLowerInvariant(typeName[0]) + typeName[1..] + Pascal(fieldName) + ": " + fieldName
                : fieldName;

            if (schema.IsLeaf(type))
            {
                yield return pad + name;
            }
            else if (schema.IsObject(type) && !type.EndsWith("Connection", StringComparison.Ordinal))
            {
                if (schema.IsNode(type))
                {
                    if (depth >= 1)
                    {
                        continue;
                    }

                    yield return pad + name + " {";
                    yield return pad + "  id";
                    foreach (var label in schema.Fields(type).Select(f => f.Name.StringValue).Where(n => n is "name" or "code" or "email"))
                    {
                        yield return pad + "  " + label;
                    }

                    yield return pad + "}";
                }
                else if (depth < 2)
                {
                    yield return pad + name + " {";
                    foreach (var line in Selection(schema, type, indent + 1, depth + 1))
                    {
                        yield return line;
                    }

                    yield return pad + "}";
                }
            }
        }
    }

    private static IEnumerable<string> Errors(Schema schema, string unionName, int indent)
    {
        var pad = new string(' ', indent * 2);
        yield return pad + "... on UserError {";
        yield return pad + "  message";
        yield return pad + "  code";
        yield return pad + "}";
        foreach (var member in schema.UnionMembers(unionName))
        {
            var extra = schema.Fields(member)
                .Where(f => Schema.NeedsNoArguments(f) && schema.IsLeaf(Schema.NamedType(f.Type)) && f.Name.StringValue is not ("message" or "code"))
                .Select(f => f.Name.StringValue)
                .ToList();
            if (extra.Count == 0)
            {
                continue;
            }

            yield return pad + "... on " + member + " {";
            foreach (var field in extra)
            {
                yield return pad + "  " + field;
            }

            yield return pad + "}";
        }
    }

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
