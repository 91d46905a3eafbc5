using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GraphQLParser.AST;
using GraphQLParser.Visitors;
using HeadlessSales.Api.Infrastructure.Cli;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>
/// The standard introspection query that IDEs and code generators send, and the schema a client builds from its
/// answer, compared with the contract element by element. CI repeats this with graphql-js itself
/// (tests/conformance/introspection.mjs).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class IntrospectionTests(ApiFactory api)
{
    private static string StandardQuery => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Platform", "Fixtures", "introspection-query.graphql"));

    [Fact]
    public async Task StandardIntrospectionQuery_WithEveryOption_Succeeds_Anonymously()
    {
        var response = await api.CreateAnonymousClient().PostAsync(StandardQuery);

        Assert.True(response.Status == HttpStatusCode.OK && response.Errors is null, response.Body[..Math.Min(2000, response.Body.Length)]);
        var schema = response.Data!["__schema"]!;
        Assert.Equal("HeadlessSales: the sales process as an API.", schema["description"]!.GetValue<string>());
        Assert.Contains(schema["directives"]!.AsArray(), d => d!["name"]!.GetValue<string>() == "deprecated" && d["isRepeatable"]!.GetValue<bool>() == false);
    }

    [Fact]
    public async Task StandardIntrospectionResult_DescribesExactlyTheCheckedInSchema()
    {
        var data = await api.CreateGraphQLClient().QueryAsync(StandardQuery);
        var contract = File.ReadAllText(CommandLine.DefaultSchemaPath(AppContext.BaseDirectory));

        var fromIntrospection = SchemaSignature.FromIntrospection(data["__schema"]!);
        var fromContract = SchemaSignature.FromSdl(contract);

        Assert.True(fromContract.Count > 500, $"only {fromContract.Count} elements read from the contract");
        Assert.Equal(fromContract.Except(fromIntrospection).ToArray(), Array.Empty<string>());
        Assert.Equal(fromIntrospection.Except(fromContract).ToArray(), Array.Empty<string>());
    }

    [Fact]
    public async Task IntrospectionThirtyOfTypeLevelsDeep_IsRefusedByItsOwnBound()
    {
        var response = await api.CreateAnonymousClient().PostAsync(OfTypeChain(30));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.HasData);
        Assert.Contains("Introspection query is too nested", response.Errors![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task IntrospectionAHundredOfTypeLevelsDeep_IsRefusedWithAGraphQLError_NotAnInternalOne()
    {
        var response = await api.CreateAnonymousClient().PostAsync(OfTypeChain(100));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.False(response.HasData);
        Assert.Equal("PARSER_LIMIT", response.FirstErrorCode);
    }

    [Fact]
    public async Task OrdinaryFields_BesideIntrospection_KeepTheOrdinaryDepthLimit()
    {
        var nested = OfTypeChain(12);
        var mixed = nested[..^1] + " tenant { name } }";

        var alone = await api.CreateGraphQLClient().PostAsync(nested);
        var withData = await api.CreateGraphQLClient().PostAsync(mixed);

        Assert.True(alone.Status == HttpStatusCode.OK, alone.Body);
        Assert.Equal(HttpStatusCode.BadRequest, withData.Status);
        Assert.Contains("depth", withData.Errors![0]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><c>{ __type(name: "Query") { ofType { ofType … { name } … } } }</c> with <paramref name="levels"/> ofType fields.</summary>
    private static string OfTypeChain(int levels) =>
        "{ __type(name: \"Query\") " + string.Concat(Enumerable.Repeat("{ ofType ", levels)) + "{ name }" + new string('}', levels) + " }";
}

/// <summary>
/// A schema as a set of one-line facts (a type and its kind and description, a field and its type, an argument and
/// its default, a deprecation…), read from an introspection result or from SDL, so the two can be compared without
/// caring for order or layout. Built-in scalars, directives and introspection types are left out, as a client
/// schema printer leaves them out.
/// </summary>
internal static class SchemaSignature
{
    private static readonly HashSet<string> BuiltInScalars = ["String", "Int", "Float", "Boolean", "ID"];
    private static readonly HashSet<string> BuiltInDirectives = ["include", "skip", "deprecated", "specifiedBy", "oneOf"];
    private const string DefaultDeprecationReason = "No longer supported";

    public static HashSet<string> FromIntrospection(JsonNode schema)
    {
        var facts = new HashSet<string>(StringComparer.Ordinal) { $"schema {Quote(schema["description"])}" };
        foreach (var (operation, key) in new[] { ("query", "queryType"), ("mutation", "mutationType"), ("subscription", "subscriptionType") })
        {
            if (schema[key]?["name"]?.GetValue<string>() is { } root)
            {
                facts.Add($"root {operation} {root}");
            }
        }

        foreach (var type in schema["types"]!.AsArray().Select(t => t!))
        {
            var name = type["name"]!.GetValue<string>();
            if (name.StartsWith("__", StringComparison.Ordinal) || BuiltInScalars.Contains(name))
            {
                continue;
            }

            var kind = type["kind"]!.GetValue<string>();
            facts.Add($"{kind} {name} {Quote(type["description"])}");
            facts.Add($"{name} specifiedBy {Quote(type["specifiedByURL"])}");
            if (kind == "INPUT_OBJECT")
            {
                facts.Add($"{name} oneOf {type["isOneOf"]!.GetValue<bool>()}");
            }

            foreach (var iface in Items(type["interfaces"]))
            {
                facts.Add($"{name} implements {iface["name"]!.GetValue<string>()}");
            }

            foreach (var member in Items(type["possibleTypes"]).Where(_ => kind == "UNION"))
            {
                facts.Add($"{name} member {member["name"]!.GetValue<string>()}");
            }

            foreach (var field in Items(type["fields"]))
            {
                var path = $"{name}.{field["name"]!.GetValue<string>()}";
                facts.Add($"{path}: {TypeRef(field["type"]!)} {Quote(field["description"])}{Deprecation(field)}");
                foreach (var arg in Items(field["args"]))
                {
                    facts.Add(InputValue(path, arg));
                }
            }

            foreach (var input in Items(type["inputFields"]))
            {
                facts.Add(InputValue(name, input));
            }

            foreach (var value in Items(type["enumValues"]))
            {
                facts.Add($"{name}.{value["name"]!.GetValue<string>()} {Quote(value["description"])}{Deprecation(value)}");
            }
        }

        foreach (var directive in schema["directives"]!.AsArray().Select(d => d!))
        {
            var name = directive["name"]!.GetValue<string>();
            if (BuiltInDirectives.Contains(name))
            {
                continue;
            }

            var locations = string.Join('|', directive["locations"]!.AsArray().Select(l => l!.GetValue<string>()).Order());
            facts.Add($"@{name} {locations} repeatable={directive["isRepeatable"]!.GetValue<bool>()} {Quote(directive["description"])}");
            foreach (var arg in Items(directive["args"]))
            {
                facts.Add(InputValue("@" + name, arg));
            }
        }

        return facts;

        static IEnumerable<JsonNode> Items(JsonNode? list) => list is JsonArray array ? array.Select(n => n!) : [];

        static string TypeRef(JsonNode type) => type["kind"]!.GetValue<string>() switch
        {
            "NON_NULL" => TypeRef(type["ofType"]!) + "!",
            "LIST" => "[" + TypeRef(type["ofType"]!) + "]",
            _ => type["name"]!.GetValue<string>(),
        };

        static string Deprecation(JsonNode element) =>
            element["isDeprecated"]?.GetValue<bool>() == true ? $" deprecated {Quote(element["deprecationReason"])}" : string.Empty;

        static string InputValue(string owner, JsonNode value) =>
            $"{owner}({value["name"]!.GetValue<string>()}: {TypeRef(value["type"]!)} = {NormalizeValue(value["defaultValue"]?.GetValue<string>())}) {Quote(value["description"])}{Deprecation(value)}";
    }

    public static HashSet<string> FromSdl(string sdl)
    {
        var document = GraphQLParser.Parser.Parse(sdl);
        var facts = new HashSet<string>(StringComparer.Ordinal);
        var schemaDefinition = document.Definitions.OfType<GraphQLSchemaDefinition>().SingleOrDefault();
        facts.Add($"schema {Quote(schemaDefinition?.Description)}");
        var roots = schemaDefinition?.OperationTypes?.Select(o => (o.Operation.ToString().ToLowerInvariant(), o.Type!.Name.StringValue))
            ?? [.. new[] { ("query", "Query"), ("mutation", "Mutation"), ("subscription", "Subscription") }
                .Where(r => document.Definitions.OfType<GraphQLObjectTypeDefinition>().Any(t => t.Name.StringValue == r.Item2))];
        foreach (var (operation, root) in roots)
        {
            facts.Add($"root {operation} {root}");
        }

        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case GraphQLObjectTypeDefinition type:
                    AddType("OBJECT", type.Name, type.Description, type.Directives);
                    AddInterfaces(type.Name, type.Interfaces);
                    AddFields(type.Name, type.Fields);
                    break;
                case GraphQLInterfaceTypeDefinition type:
                    AddType("INTERFACE", type.Name, type.Description, type.Directives);
                    AddInterfaces(type.Name, type.Interfaces);
                    AddFields(type.Name, type.Fields);
                    break;
                case GraphQLUnionTypeDefinition type:
                    AddType("UNION", type.Name, type.Description, type.Directives);
                    foreach (var member in type.Types?.Items ?? [])
                    {
                        facts.Add($"{type.Name.StringValue} member {member.Name.StringValue}");
                    }

                    break;
                case GraphQLEnumTypeDefinition type:
                    AddType("ENUM", type.Name, type.Description, type.Directives);
                    foreach (var value in type.Values?.Items ?? [])
                    {
                        facts.Add($"{type.Name.StringValue}.{value.Name.StringValue} {Quote(value.Description)}{Deprecation(value.Directives)}");
                    }

                    break;
                case GraphQLInputObjectTypeDefinition type:
                    AddType("INPUT_OBJECT", type.Name, type.Description, type.Directives);
                    facts.Add($"{type.Name.StringValue} oneOf {type.Directives?.Items.Any(d => d.Name.StringValue == "oneOf") == true}");
                    foreach (var input in type.Fields?.Items ?? [])
                    {
                        facts.Add(InputValue(type.Name.StringValue, input));
                    }

                    break;
                case GraphQLScalarTypeDefinition type:
                    AddType("SCALAR", type.Name, type.Description, type.Directives);
                    break;
                case GraphQLDirectiveDefinition directive when !BuiltInDirectives.Contains(directive.Name.StringValue):
                    var locations = string.Join('|', directive.Locations.Items.Select(l => SnakeCase(l.ToString())).Order());
                    facts.Add($"@{directive.Name.StringValue} {locations} repeatable={directive.Repeatable} {Quote(directive.Description)}");
                    foreach (var arg in directive.Arguments?.Items ?? [])
                    {
                        facts.Add(InputValue("@" + directive.Name.StringValue, arg));
                    }

                    break;
            }
        }

        return facts;

        void AddType(string kind, GraphQLName name, GraphQLDescription? description, GraphQLDirectives? directives)
        {
            facts.Add($"{kind} {name.StringValue} {Quote(description)}");
            var specifiedBy = directives?.Items.FirstOrDefault(d => d.Name.StringValue == "specifiedBy")?.Arguments?.Items.FirstOrDefault()?.Value as GraphQLStringValue;
            facts.Add($"{name.StringValue} specifiedBy {(specifiedBy is null ? "-" : Quote(specifiedBy.Value.ToString()))}");
        }

        void AddInterfaces(GraphQLName name, GraphQLImplementsInterfaces? interfaces)
        {
            foreach (var iface in interfaces?.Items ?? [])
            {
                facts.Add($"{name.StringValue} implements {iface.Name.StringValue}");
            }
        }

        void AddFields(GraphQLName owner, GraphQLFieldsDefinition? fields)
        {
            foreach (var field in fields?.Items ?? [])
            {
                var path = $"{owner.StringValue}.{field.Name.StringValue}";
                facts.Add($"{path}: {Print(field.Type)} {Quote(field.Description)}{Deprecation(field.Directives)}");
                foreach (var arg in field.Arguments?.Items ?? [])
                {
                    facts.Add(InputValue(path, arg));
                }
            }
        }

        static string InputValue(string owner, GraphQLInputValueDefinition value) =>
            $"{owner}({value.Name.StringValue}: {Print(value.Type)} = {NormalizeValue(value.DefaultValue is null ? null : Print(value.DefaultValue))}) {Quote(value.Description)}{Deprecation(value.Directives)}";

        static string Deprecation(GraphQLDirectives? directives) =>
            directives?.Items.FirstOrDefault(d => d.Name.StringValue == "deprecated") is { } deprecated
                ? $" deprecated {Quote((deprecated.Arguments?.Items.FirstOrDefault()?.Value as GraphQLStringValue)?.Value.ToString() ?? DefaultDeprecationReason)}"
                : string.Empty;

        static string Print(ASTNode node) => new SDLPrinter().Print(node);

        static string SnakeCase(string pascal) => string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
    }

    private static string Quote(JsonNode? text) => text is null ? "-" : Quote(text.GetValue<string>());

    private static string Quote(GraphQLDescription? description) => description is null ? "-" : Quote(description.Value.ToString());

    private static string Quote(string text) => "\"" + text.ReplaceLineEndings("\\n") + "\"";

    /// <summary>A literal with the layout taken out (spaces and commas outside strings), as printers differ only there.</summary>
    private static string NormalizeValue(string? literal)
    {
        if (literal is null)
        {
            return "-";
        }

        var normalized = new StringBuilder();
        var inString = false;
        for (var i = 0; i < literal.Length; i++)
        {
            var c = literal[i];
            if (c == '"' && (i == 0 || literal[i - 1] != '\\'))
            {
                inString = !inString;
            }

            if (inString || !(char.IsWhiteSpace(c) || c == ','))
            {
                normalized.Append(c);
            }
        }

        return normalized.ToString();
    }
}
