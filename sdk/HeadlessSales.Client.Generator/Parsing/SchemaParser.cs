using System.Collections.Generic;
using System.Linq;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using HeadlessSales.Client.Generator.Diagnostics;
using HeadlessSales.Client.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace HeadlessSales.Client.Generator.Parsing;

internal sealed record SchemaParseResult(SchemaModel? Schema, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Stage 1 for the schema: SDL text (possibly split over several files) → <see cref="SchemaModel"/>.</summary>
internal static class SchemaParser
{
    public static SchemaParseResult Parse(IReadOnlyList<GraphQLSource> sources)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var builders = new Dictionary<string, TypeBuilder>();
        var definedIn = new Dictionary<string, string>();
        string? queryType = null, mutationType = null, subscriptionType = null;

        foreach (var source in sources.OrderBy(s => s.Path, System.StringComparer.Ordinal))
        {
            var text = SourceText.From(source.Text);
            GraphQLDocument document;
            try
            {
                document = Parser.Parse(source.Text);
            }
            catch (GraphQLParserException exception)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    GraphQLDiagnostics.SyntaxError,
                    SourceLocation.FromLineColumn(source.Path, text, exception.Location.Line, exception.Location.Column),
                    exception.Description));
                continue;
            }

            foreach (var definition in document.Definitions)
            {
                // A second definition (not an extension) would silently merge two copies of a type's fields.
                if (definition is GraphQLTypeDefinition { Name: { } definedName } && definition.Kind != ASTNodeKind.DirectiveDefinition)
                {
                    var typeName = definedName.StringValue;
                    if (definedIn.TryGetValue(typeName, out var firstPath))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(
                            GraphQLDiagnostics.InvalidSchema,
                            SourceLocation.FromOffsets(source.Path, text, definedName.Location.Start, definedName.Location.End),
                            "The type '" + typeName + "' is already defined in " + System.IO.Path.GetFileName(firstPath) + "; use 'extend type' to add fields, or give the generator one schema"));
                        continue;
                    }

                    definedIn[typeName] = source.Path;
                }

                switch (definition)
                {
                    case GraphQLSchemaDefinition schema:
                        foreach (var root in schema.OperationTypes)
                        {
                            var name = root.Type!.Name.StringValue;
                            switch (root.Operation)
                            {
                                case OperationType.Query: queryType = name; break;
                                case OperationType.Mutation: mutationType = name; break;
                                case OperationType.Subscription: subscriptionType = name; break;
                            }
                        }

                        break;
                    case GraphQLScalarTypeDefinition scalar:
                        GetBuilder(builders, scalar.Name.StringValue, TypeKind.Scalar).Describe(scalar.Description);
                        break;
                    case GraphQLObjectTypeDefinition obj:
                        GetBuilder(builders, obj.Name.StringValue, TypeKind.Object).Describe(obj.Description).AddFields(obj.Fields).AddInterfaces(obj.Interfaces);
                        break;
                    case GraphQLObjectTypeExtension obj:
                        GetBuilder(builders, obj.Name.StringValue, TypeKind.Object).AddFields(obj.Fields).AddInterfaces(obj.Interfaces);
                        break;
                    case GraphQLInterfaceTypeDefinition iface:
                        GetBuilder(builders, iface.Name.StringValue, TypeKind.Interface).Describe(iface.Description).AddFields(iface.Fields).AddInterfaces(iface.Interfaces);
                        break;
                    case GraphQLInterfaceTypeExtension iface:
                        GetBuilder(builders, iface.Name.StringValue, TypeKind.Interface).AddFields(iface.Fields).AddInterfaces(iface.Interfaces);
                        break;
                    case GraphQLUnionTypeDefinition union:
                        GetBuilder(builders, union.Name.StringValue, TypeKind.Union).Describe(union.Description).AddMembers(union.Types);
                        break;
                    case GraphQLUnionTypeExtension union:
                        GetBuilder(builders, union.Name.StringValue, TypeKind.Union).AddMembers(union.Types);
                        break;
                    case GraphQLEnumTypeDefinition enumType:
                        GetBuilder(builders, enumType.Name.StringValue, TypeKind.Enum).Describe(enumType.Description).AddEnumValues(enumType.Values);
                        break;
                    case GraphQLEnumTypeExtension enumType:
                        GetBuilder(builders, enumType.Name.StringValue, TypeKind.Enum).AddEnumValues(enumType.Values);
                        break;
                    case GraphQLInputObjectTypeDefinition input:
                        GetBuilder(builders, input.Name.StringValue, TypeKind.InputObject).Describe(input.Description).AddInputFields(input.Fields);
                        break;
                    case GraphQLInputObjectTypeExtension input:
                        GetBuilder(builders, input.Name.StringValue, TypeKind.InputObject).AddInputFields(input.Fields);
                        break;
                }
            }
        }

        foreach (var scalar in SchemaModel.BuiltInScalars)
        {
            GetBuilder(builders, scalar, TypeKind.Scalar);
        }

        queryType ??= builders.ContainsKey("Query") ? "Query" : null;
        mutationType ??= builders.ContainsKey("Mutation") ? "Mutation" : null;
        subscriptionType ??= builders.ContainsKey("Subscription") ? "Subscription" : null;

        if (diagnostics.Count > 0)
        {
            return new SchemaParseResult(null, diagnostics.ToEquatableArray());
        }

        if (queryType is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(GraphQLDiagnostics.InvalidSchema, null, "The schema defines no query type"));
            return new SchemaParseResult(null, diagnostics.ToEquatableArray());
        }

        var types = builders.Values.OrderBy(b => b.Name, System.StringComparer.Ordinal).Select(b => b.Build()).ToEquatableArray();
        return new SchemaParseResult(new SchemaModel(queryType, mutationType, subscriptionType, types), EquatableArray<DiagnosticInfo>.Empty);
    }

    public static TypeRef ToTypeRef(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => TypeRef.NonNull(ToTypeRef(nonNull.Type)),
        GraphQLListType list => TypeRef.ListOf(ToTypeRef(list.Type)),
        GraphQLNamedType named => TypeRef.Named(named.Name.StringValue),
        _ => throw new System.ArgumentOutOfRangeException(nameof(type)),
    };

    private static TypeBuilder GetBuilder(Dictionary<string, TypeBuilder> builders, string name, TypeKind kind)
    {
        if (!builders.TryGetValue(name, out var builder))
        {
            builders[name] = builder = new TypeBuilder(name, kind);
        }

        return builder;
    }

    private static string? DescriptionOf(GraphQLDescription? description) =>
        description is null ? null : description.Value.ToString().Trim();

    private static InputValueDefinition ToInputValue(GraphQLInputValueDefinition value) =>
        new(value.Name.StringValue, ToTypeRef(value.Type), value.DefaultValue is not null, DescriptionOf(value.Description), DeprecationReasonOf(value.Directives));

    /// <summary>The reason of <c>@deprecated</c> (the spec's default when it gives none), or null when the member is not deprecated.</summary>
    private static string? DeprecationReasonOf(GraphQLDirectives? directives)
    {
        var deprecated = directives?.Items.FirstOrDefault(d => d.Name.StringValue == "deprecated");
        if (deprecated is null)
        {
            return null;
        }

        var reason = deprecated.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "reason")?.Value as GraphQLStringValue;
        return reason is null ? "No longer supported" : reason.Value.ToString().Trim();
    }

    private sealed class TypeBuilder(string name, TypeKind kind)
    {
        private readonly List<FieldDefinition> _fields = new();
        private readonly List<string> _interfaces = new();
        private readonly List<string> _members = new();
        private readonly List<InputValueDefinition> _inputFields = new();
        private readonly List<EnumValueDefinition> _enumValues = new();
        private string? _description;

        public string Name => name;

        public TypeBuilder Describe(GraphQLDescription? description)
        {
            _description ??= DescriptionOf(description);
            return this;
        }

        public TypeBuilder AddFields(GraphQLFieldsDefinition? fields)
        {
            foreach (var field in fields?.Items ?? new List<GraphQLFieldDefinition>())
            {
                var arguments = (field.Arguments?.Items ?? new List<GraphQLInputValueDefinition>()).Select(ToInputValue).ToEquatableArray();
                _fields.Add(new FieldDefinition(field.Name.StringValue, ToTypeRef(field.Type), arguments, DescriptionOf(field.Description), DeprecationReasonOf(field.Directives)));
            }

            return this;
        }

        public TypeBuilder AddInterfaces(GraphQLImplementsInterfaces? interfaces)
        {
            _interfaces.AddRange((interfaces?.Items ?? new List<GraphQLNamedType>()).Select(i => i.Name.StringValue));
            return this;
        }

        public TypeBuilder AddMembers(GraphQLUnionMemberTypes? members)
        {
            _members.AddRange((members?.Items ?? new List<GraphQLNamedType>()).Select(m => m.Name.StringValue));
            return this;
        }

        public TypeBuilder AddEnumValues(GraphQLEnumValuesDefinition? values)
        {
            _enumValues.AddRange((values?.Items ?? new List<GraphQLEnumValueDefinition>())
                .Select(v => new EnumValueDefinition(v.Name.StringValue, DescriptionOf(v.Description), DeprecationReasonOf(v.Directives))));
            return this;
        }

        public TypeBuilder AddInputFields(GraphQLInputFieldsDefinition? fields)
        {
            _inputFields.AddRange((fields?.Items ?? new List<GraphQLInputValueDefinition>()).Select(ToInputValue));
            return this;
        }

        public TypeDefinition Build() => new(
            name,
            kind,
            _description,
            _fields.ToEquatableArray(),
            _interfaces.ToEquatableArray(),
            _members.ToEquatableArray(),
            _inputFields.ToEquatableArray(),
            _enumValues.ToEquatableArray());
    }
}
