using System.Collections.Generic;
using System.Linq;
using System.Text;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using HeadlessSales.Client.Generator.Diagnostics;
using HeadlessSales.Client.Generator.Model;
using HeadlessSales.Client.Generator.Parsing;
using Microsoft.CodeAnalysis.Text;

namespace HeadlessSales.Client.Generator.Analysis;

internal sealed record OperationAnalysis(OperationModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Stage 2 for one operation file: validates it against the schema (reporting at the exact file, line and
/// column) and maps every selection set onto the C# types the emitters write.
/// </summary>
internal sealed class OperationAnalyzer
{
    private static readonly FieldDefinition TypenameField =
        new("__typename", TypeRef.NonNull(TypeRef.Named("String")), EquatableArray<InputValueDefinition>.Empty, "The GraphQL type name of this object.");

    private readonly SchemaModel _schema;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly HashSet<DiagnosticInfo> _reported = new();
    private readonly Dictionary<string, (GraphQLFragmentDefinition Definition, Document Document)> _fragments = new();
    private readonly Dictionary<string, GraphQLVariableDefinition> _variables = new();
    private readonly HashSet<string> _usedVariables = new();
    private readonly HashSet<string> _usedFragments = new();
    private readonly Dictionary<string, SortedSet<int>> _typenameInsertions = new();
    private readonly SortedSet<string> _enums = new(System.StringComparer.Ordinal);
    private readonly List<ResultObjectModel> _objects = new();
    private readonly List<ResultInterfaceModel> _interfaces = new();
    private readonly HashSet<string> _userErrorTypes = new();
    private string _operationName = string.Empty;

    private OperationAnalyzer(SchemaModel schema) => _schema = schema;

    private bool HasErrors => _diagnostics.Any(d => GraphQLDiagnostics.FindById(d.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);

    /// <summary>Analyzes <paramref name="source"/>; fragments may live in it or in any of <paramref name="documents"/>.</summary>
    public static OperationAnalysis Analyze(GraphQLSource source, EquatableArray<GraphQLSource> documents, SchemaModel schema)
    {
        var analyzer = new OperationAnalyzer(schema);
        var model = analyzer.Run(source, documents);
        return new OperationAnalysis(model, analyzer._diagnostics.ToEquatableArray());
    }

    private OperationModel? Run(GraphQLSource source, EquatableArray<GraphQLSource> documents)
    {
        var document = Document.TryParse(source, out var syntaxError);
        if (document is null)
        {
            Report(syntaxError!);
            return null;
        }

        // Fragments of this file win over same-named fragments elsewhere; files that fail to parse report on their own.
        foreach (var other in documents.Where(d => d.Path != source.Path))
        {
            RegisterFragments(Document.TryParse(other, out _));
        }

        RegisterFragments(document);

        var operations = document.Ast.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        if (operations.Count == 0)
        {
            return null; // A fragment-only file: its fragments are checked where they are spread.
        }

        if (operations.Count > 1)
        {
            Report(GraphQLDiagnostics.InvalidOperationFile, document.Locate(operations[1]), "A .graphql file holds exactly one operation; move the others to their own files");
            return null;
        }

        var operation = operations[0];
        if (operation.Name is null)
        {
            Report(GraphQLDiagnostics.InvalidOperationFile, document.Locate(operation.SelectionSet.Location.Start, operation.SelectionSet.Location.Start + 1), "The operation needs a name: the client method is named after it");
            return null;
        }

        var name = _operationName = operation.Name.StringValue;
        if (!string.Equals(source.FileNameWithoutExtension, name, System.StringComparison.Ordinal))
        {
            Report(GraphQLDiagnostics.OperationNameMismatch, document.Locate(operation.Name), source.FileName, name);
        }

        var (kind, rootTypeName) = operation.Operation switch
        {
            OperationType.Mutation => (OperationKind.Mutation, _schema.MutationType),
            OperationType.Subscription => (OperationKind.Subscription, _schema.SubscriptionType),
            _ => (OperationKind.Query, (string?)_schema.QueryType),
        };
        if (rootTypeName is null || _schema.FindType(rootTypeName) is null)
        {
            Report(GraphQLDiagnostics.InvalidOperationFile, document.Locate(operation.Name), "The schema has no " + kind.ToString().ToLowerInvariant() + " type");
            return null;
        }

        ValidateVariables(operation, document);
        ValidateSelectionSet(rootTypeName, operation.SelectionSet, document, new Stack<string>());
        if (!HasErrors)
        {
            // Needs a well-formed operation (known fields, no fragment cycles) to walk.
            CheckFieldsCanMerge(rootTypeName, new[] { new SelectionSetSource(operation.SelectionSet, document) });
        }
        foreach (var variable in _variables.Values.Where(v => !_usedVariables.Contains(v.Variable.Name.StringValue)))
        {
            Report(GraphQLDiagnostics.UnusedVariable, document.Locate(variable.Variable), variable.Variable.Name.StringValue, name);
        }

        if (HasErrors)
        {
            return null;
        }

        var resultTypeName = name + "Result";
        BuildObject(rootTypeName, new[] { new SelectionSetSource(operation.SelectionSet, document) }, resultTypeName, name, EquatableArray<string>.Empty);

        var variables = BuildVariables(operation, out var inputTypes);
        var documentText = BuildDocumentText(operation, document);
        return new OperationModel(
            name,
            kind,
            source.Path,
            documentText,
            PersistedDocumentId(documentText),
            resultTypeName,
            variables,
            _objects.ToEquatableArray(),
            _interfaces.ToEquatableArray(),
            inputTypes.ToEquatableArray(),
            _enums.ToEquatableArray());
    }

    private void RegisterFragments(Document? document)
    {
        foreach (var fragment in document?.Ast.Definitions.OfType<GraphQLFragmentDefinition>() ?? Enumerable.Empty<GraphQLFragmentDefinition>())
        {
            _fragments[fragment.FragmentName.Name.StringValue] = (fragment, document!);
        }
    }

    // ---- validation -------------------------------------------------------------------------------

    private void ValidateVariables(GraphQLOperationDefinition operation, Document document)
    {
        foreach (var variable in operation.Variables?.Items ?? new List<GraphQLVariableDefinition>())
        {
            var typeRef = SchemaParser.ToTypeRef(variable.Type);
            var type = _schema.FindType(typeRef.NamedType);
            if (type is null)
            {
                Report(GraphQLDiagnostics.UnknownType, document.Locate(variable.Type), typeRef.NamedType);
            }
            else if (!type.IsInputType)
            {
                Report(GraphQLDiagnostics.InvalidArgument, document.Locate(variable.Type), "The variable '$" + variable.Variable.Name.StringValue + "' has type '" + typeRef + "', which is not an input type");
            }

            _variables[variable.Variable.Name.StringValue] = variable;
        }
    }

    private void ValidateSelectionSet(string parentTypeName, GraphQLSelectionSet selectionSet, Document document, Stack<string> fragmentPath)
    {
        var parentType = _schema.FindType(parentTypeName)!;
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    ValidateDirectives(field.Directives, document);
                    ValidateField(parentType, field, document, fragmentPath);
                    break;
                case GraphQLInlineFragment inline:
                    ValidateDirectives(inline.Directives, document);
                    var condition = inline.TypeCondition?.Type.Name.StringValue ?? parentTypeName;
                    if (CheckTypeCondition(condition, parentTypeName, inline.TypeCondition?.Type, document))
                    {
                        ValidateSelectionSet(condition, inline.SelectionSet, document, fragmentPath);
                    }

                    break;
                case GraphQLFragmentSpread spread:
                    ValidateDirectives(spread.Directives, document);
                    var fragmentName = spread.FragmentName.Name.StringValue;
                    if (!_fragments.TryGetValue(fragmentName, out var fragment))
                    {
                        Report(GraphQLDiagnostics.UnknownFragment, document.Locate(spread.FragmentName), fragmentName);
                        break;
                    }

                    if (fragmentPath.Contains(fragmentName))
                    {
                        Report(GraphQLDiagnostics.InvalidSelection, document.Locate(spread.FragmentName), "The fragment '" + fragmentName + "' spreads itself (" + string.Join(" → ", fragmentPath.Reverse().Concat(new[] { fragmentName })) + ")");
                        break;
                    }

                    _usedFragments.Add(fragmentName);
                    var fragmentType = fragment.Definition.TypeCondition.Type;
                    if (CheckTypeCondition(fragmentType.Name.StringValue, parentTypeName, fragmentType, fragment.Document))
                    {
                        fragmentPath.Push(fragmentName);
                        ValidateSelectionSet(fragmentType.Name.StringValue, fragment.Definition.SelectionSet, fragment.Document, fragmentPath);
                        fragmentPath.Pop();
                    }

                    break;
            }
        }
    }

    private bool CheckTypeCondition(string condition, string parentTypeName, GraphQLNamedType? conditionNode, Document document)
    {
        if (_schema.FindType(condition) is not { IsComposite: true })
        {
            Report(GraphQLDiagnostics.UnknownType, conditionNode is null ? null : document.Locate(conditionNode), condition);
            return false;
        }

        if (!_schema.PossibleTypes(condition).Intersect(_schema.PossibleTypes(parentTypeName)).Any())
        {
            Report(GraphQLDiagnostics.InvalidFragmentCondition, conditionNode is null ? null : document.Locate(conditionNode), condition, parentTypeName);
            return false;
        }

        return true;
    }

    private void ValidateField(TypeDefinition parentType, GraphQLField field, Document document, Stack<string> fragmentPath)
    {
        var name = field.Name.StringValue;
        if (name == "__typename")
        {
            if (field.SelectionSet is not null)
            {
                Report(GraphQLDiagnostics.InvalidSelection, document.Locate(field.SelectionSet), "The field '__typename' is a String and has no selection set");
            }

            return;
        }

        var definition = parentType.FindField(name);
        if (definition is null)
        {
            Report(GraphQLDiagnostics.UnknownField, document.Locate(field.Name), name, parentType.Name);
            return;
        }

        if (definition.DeprecationReason is { } reason)
        {
            Report(GraphQLDiagnostics.DeprecatedUsage, document.Locate(field.Name), "The field '" + parentType.Name + "." + name + "'", reason);
        }

        ValidateArguments(definition, field, document);

        var fieldType = _schema.FindType(definition.Type.NamedType);
        if (fieldType is null)
        {
            Report(GraphQLDiagnostics.UnknownType, document.Locate(field.Name), definition.Type.NamedType);
            return;
        }

        if (fieldType.IsLeaf && field.SelectionSet is not null)
        {
            Report(GraphQLDiagnostics.InvalidSelection, document.Locate(field.SelectionSet), "The field '" + name + "' returns the leaf type '" + definition.Type + "' and takes no selection set");
        }
        else if (fieldType.IsComposite && field.SelectionSet is null)
        {
            Report(GraphQLDiagnostics.InvalidSelection, document.Locate(field.Name), "The field '" + name + "' returns '" + definition.Type + "': select at least one of its fields");
        }
        else if (field.SelectionSet is not null)
        {
            ValidateSelectionSet(fieldType.Name, field.SelectionSet, document, fragmentPath);
        }
    }

    /// <summary>@skip and @include take <c>if: Boolean!</c>; their variables count as used. Other directives are the server's business.</summary>
    private void ValidateDirectives(GraphQLDirectives? directives, Document document)
    {
        foreach (var directive in directives?.Items ?? new List<GraphQLDirective>())
        {
            if (directive.Name.StringValue is not ("skip" or "include"))
            {
                continue;
            }

            var condition = directive.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "if");
            if (condition is null)
            {
                Report(GraphQLDiagnostics.MissingRequiredArgument, document.Locate(directive.Name), "@" + directive.Name.StringValue, "if", "Boolean!");
                continue;
            }

            ValidateValue(TypeRef.NonNull(TypeRef.Named("Boolean")), false, condition.Value, document, "argument 'if' of @" + directive.Name.StringValue);
        }
    }

    private void ValidateArguments(FieldDefinition definition, GraphQLField field, Document document)
    {
        var given = field.Arguments?.Items ?? new List<GraphQLArgument>();
        foreach (var argument in given)
        {
            var argumentName = argument.Name.StringValue;
            var argumentDefinition = definition.Arguments.FirstOrDefault(a => a.Name == argumentName);
            if (argumentDefinition is null)
            {
                Report(GraphQLDiagnostics.InvalidArgument, document.Locate(argument.Name), "The field '" + definition.Name + "' has no argument '" + argumentName + "'");
                continue;
            }

            if (argumentDefinition.DeprecationReason is { } reason)
            {
                Report(GraphQLDiagnostics.DeprecatedUsage, document.Locate(argument.Name), "The argument '" + argumentName + "' of field '" + definition.Name + "'", reason);
            }

            ValidateValue(argumentDefinition.Type, argumentDefinition.HasDefaultValue, argument.Value, document, "argument '" + argumentName + "' of field '" + definition.Name + "'");
        }

        foreach (var required in definition.Arguments.Where(a => a.Type.IsNonNull && !a.HasDefaultValue))
        {
            if (!given.Any(a => a.Name.StringValue == required.Name))
            {
                Report(GraphQLDiagnostics.MissingRequiredArgument, document.Locate(field.Name), definition.Name, required.Name, required.Type.ToString());
            }
        }
    }

    private void ValidateValue(TypeRef expected, bool locationHasDefault, GraphQLValue value, Document document, string target)
    {
        switch (value)
        {
            case GraphQLVariable variable:
                var variableName = variable.Name.StringValue;
                if (!_variables.TryGetValue(variableName, out var definition))
                {
                    Report(GraphQLDiagnostics.UndefinedVariable, document.Locate(variable), variableName, _operationName);
                    return;
                }

                _usedVariables.Add(variableName);
                var variableType = SchemaParser.ToTypeRef(definition.Type);
                if (!IsVariableUsageAllowed(variableType, definition.DefaultValue is not null and not GraphQLNullValue, expected, locationHasDefault))
                {
                    Report(GraphQLDiagnostics.InvalidArgument, document.Locate(variable), "The variable '$" + variableName + "' of type '" + variableType + "' cannot be used for " + target + " of type '" + expected + "'");
                }

                return;
            case GraphQLNullValue:
                if (expected.IsNonNull)
                {
                    Report(GraphQLDiagnostics.InvalidArgument, document.Locate(value), "The " + target + " is non-null ('" + expected + "') and cannot be null");
                }

                return;
            case GraphQLListValue list when expected.IsList:
                foreach (var item in list.Values ?? new List<GraphQLValue>())
                {
                    ValidateValue(expected.OfType!, false, item, document, target);
                }

                return;
            case GraphQLListValue:
                Report(GraphQLDiagnostics.InvalidArgument, document.Locate(value), "The " + target + " expects '" + expected + "', not a list");
                return;
        }

        if (expected.IsList)
        {
            // GraphQL coerces a single value into a one-element list.
            ValidateValue(expected.OfType!, false, value, document, target);
            return;
        }

        var type = _schema.FindType(expected.NamedType);
        if (type is null)
        {
            return;
        }

        if (value is GraphQLObjectValue obj)
        {
            if (type.Kind != TypeKind.InputObject)
            {
                Report(GraphQLDiagnostics.InvalidArgument, document.Locate(value), "The " + target + " expects '" + expected + "', not an input object");
                return;
            }

            var fields = obj.Fields ?? new List<GraphQLObjectField>();
            foreach (var field in fields)
            {
                var fieldDefinition = type.InputFields.FirstOrDefault(f => f.Name == field.Name.StringValue);
                if (fieldDefinition is null)
                {
                    Report(GraphQLDiagnostics.InvalidArgument, document.Locate(field.Name), "The input type '" + type.Name + "' has no field '" + field.Name.StringValue + "'");
                    continue;
                }

                if (fieldDefinition.DeprecationReason is { } reason)
                {
                    Report(GraphQLDiagnostics.DeprecatedUsage, document.Locate(field.Name), "The input field '" + type.Name + "." + fieldDefinition.Name + "'", reason);
                }

                ValidateValue(fieldDefinition.Type, fieldDefinition.HasDefaultValue, field.Value, document, "field '" + fieldDefinition.Name + "' of input '" + type.Name + "'");
            }

            foreach (var required in type.InputFields.Where(f => f.Type.IsNonNull && !f.HasDefaultValue && !fields.Any(g => g.Name.StringValue == f.Name)))
            {
                Report(GraphQLDiagnostics.MissingRequiredArgument, document.Locate(value), type.Name, required.Name, required.Type.ToString());
            }

            return;
        }

        var accepted = type.Kind switch
        {
            TypeKind.Enum => value is GraphQLEnumValue enumValue && type.EnumValues.Any(v => v.Name == enumValue.Name.StringValue),
            TypeKind.InputObject => false,
            _ => type.Name switch
            {
                "Int" => value is GraphQLIntValue,
                "Float" => value is GraphQLIntValue or GraphQLFloatValue,
                "String" => value is GraphQLStringValue,
                "Boolean" => value is GraphQLBooleanValue,
                "ID" => value is GraphQLStringValue or GraphQLIntValue,
                _ => value is not GraphQLEnumValue, // custom scalars define their own literals
            },
        };
        if (!accepted)
        {
            Report(GraphQLDiagnostics.InvalidArgument, document.Locate(value), "The " + target + " expects a value of type '" + expected + "'");
        }
        else if (value is GraphQLEnumValue literal && type.EnumValues.FirstOrDefault(v => v.Name == literal.Name.StringValue)?.DeprecationReason is { } reason)
        {
            Report(GraphQLDiagnostics.DeprecatedUsage, document.Locate(value), "The enum value '" + type.Name + "." + literal.Name.StringValue + "'", reason);
        }
    }

    /// <summary>The "All Variable Usages Are Allowed" rule of the GraphQL specification.</summary>
    private static bool IsVariableUsageAllowed(TypeRef variableType, bool variableHasDefault, TypeRef locationType, bool locationHasDefault)
    {
        if (locationType.IsNonNull && !variableType.IsNonNull)
        {
            return (variableHasDefault || locationHasDefault) && AreTypesCompatible(variableType, locationType.Nullable());
        }

        return AreTypesCompatible(variableType, locationType);
    }

    private static bool AreTypesCompatible(TypeRef variableType, TypeRef locationType)
    {
        if (locationType.IsNonNull)
        {
            return variableType.IsNonNull && AreTypesCompatible(variableType.Nullable(), locationType.Nullable());
        }

        if (variableType.IsNonNull)
        {
            return AreTypesCompatible(variableType.Nullable(), locationType);
        }

        if (locationType.IsList || variableType.IsList)
        {
            return locationType.IsList && variableType.IsList && AreTypesCompatible(variableType.OfType!, locationType.OfType!);
        }

        return variableType.Name == locationType.Name;
    }

    /// <summary>
    /// The "Overlapping Fields Can Be Merged" rule of the specification, in the form that matters for a
    /// typed client: fields sharing a response name must have the same shape (the same wrapping and leaf
    /// type) even under fragments on different types, and under the same parent type must be the same field.
    /// </summary>
    private void CheckFieldsCanMerge(string parentTypeName, IReadOnlyList<SelectionSetSource> sets)
    {
        var fields = new List<(string ResponseName, string ParentType, GraphQLField Field, Document Document)>();

        void Gather(GraphQLSelectionSet selectionSet, Document document, string parent)
        {
            foreach (var selection in selectionSet.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field:
                        fields.Add((field.Alias?.Name.StringValue ?? field.Name.StringValue, parent, field, document));
                        break;
                    case GraphQLInlineFragment inline:
                        Gather(inline.SelectionSet, document, inline.TypeCondition?.Type.Name.StringValue ?? parent);
                        break;
                    case GraphQLFragmentSpread spread:
                        var fragment = _fragments[spread.FragmentName.Name.StringValue];
                        Gather(fragment.Definition.SelectionSet, fragment.Document, fragment.Definition.TypeCondition.Type.Name.StringValue);
                        break;
                }
            }
        }

        foreach (var set in sets)
        {
            Gather(set.SelectionSet, set.Document, parentTypeName);
        }

        foreach (var group in fields.GroupBy(f => f.ResponseName))
        {
            var first = group.First();
            var firstType = FieldType(first.ParentType, first.Field);
            foreach (var other in group.Skip(1))
            {
                var otherType = FieldType(other.ParentType, other.Field);
                var sameParent = first.ParentType == other.ParentType
                    || _schema.FindType(first.ParentType)?.Kind != TypeKind.Object
                    || _schema.FindType(other.ParentType)?.Kind != TypeKind.Object;
                if (sameParent && first.Field.Name.StringValue != other.Field.Name.StringValue)
                {
                    Report(GraphQLDiagnostics.ConflictingFields, other.Document.Locate(other.Field), "'" + group.Key + "' answers for both '" + first.Field.Name.StringValue + "' and '" + other.Field.Name.StringValue + "'; alias one of them");
                    break;
                }

                if (firstType is not null && otherType is not null && !SameShape(firstType, otherType))
                {
                    Report(GraphQLDiagnostics.ConflictingFields, other.Document.Locate(other.Field),
                        "'" + group.Key + "' is '" + firstType + "' on " + first.ParentType + " and '" + otherType + "' on " + other.ParentType + "; a response name needs one shape: alias one of them");
                    break;
                }
            }

            var subsets = group.Where(f => f.Field.SelectionSet is not null).Select(f => new SelectionSetSource(f.Field.SelectionSet!, f.Document)).ToList();
            if (subsets.Count > 0 && firstType is not null)
            {
                CheckFieldsCanMerge(firstType.NamedType, subsets);
            }
        }
    }

    private TypeRef? FieldType(string parentTypeName, GraphQLField field) =>
        field.Name.StringValue == "__typename" ? TypenameField.Type : _schema.FindType(parentTypeName)?.FindField(field.Name.StringValue)?.Type;

    private bool SameShape(TypeRef left, TypeRef right)
    {
        if (left.IsNonNull != right.IsNonNull || left.IsList != right.IsList)
        {
            return false;
        }

        if (left.IsList)
        {
            return SameShape(left.OfType!, right.OfType!);
        }

        var leftIsLeaf = _schema.FindType(left.Name!)?.IsLeaf == true;
        var rightIsLeaf = _schema.FindType(right.Name!)?.IsLeaf == true;
        return leftIsLeaf || rightIsLeaf ? left.Name == right.Name : true;
    }

    // ---- mapping onto C# result types ---------------------------------------------------------------

    private string BuildObject(string typeName, IReadOnlyList<SelectionSetSource> sets, string className, string childPrefix, EquatableArray<string> implements)
    {
        var properties = new List<PropertyModel>();
        string? userErrorsProperty = null;
        foreach (var group in CollectFields(typeName, sets))
        {
            var (property, childType) = BuildProperty(group, childPrefix + "_" + Naming.ToPascalCase(group.ResponseName));
            properties.Add(property);
            // A payload's `errors: [XError!]!` whose items are user errors makes the record an IUserErrorPayload.
            if (group.ResponseName == "errors" && childType is not null && _userErrorTypes.Contains(childType)
                && group.Definition.Type is { IsNonNull: true, IsList: true, OfType.IsNonNull: true })
            {
                userErrorsProperty = property.Name;
            }
        }

        var isUserError = HasUserErrorShape(properties);
        if (isUserError)
        {
            _userErrorTypes.Add(className);
        }

        _objects.Add(new ResultObjectModel(className, typeName, implements, properties.ToEquatableArray(), isUserError, userErrorsProperty));
        return className;
    }

    private string BuildAbstract(string typeName, IReadOnlyList<SelectionSetSource> sets, string baseName)
    {
        var interfaceName = "I" + baseName;
        var implements = new[] { interfaceName }.ToEquatableArray();
        var common = WithTypename(CollectFields(typeName, sets));
        var commonProperties = common.ToDictionary(g => g.ResponseName, g => BuildProperty(g, baseName + "_" + Naming.ToPascalCase(g.ResponseName)).Property);

        var possibleTypes = new List<PossibleTypeModel>();
        foreach (var possibleType in _schema.PossibleTypes(typeName))
        {
            var specific = WithTypename(CollectFields(possibleType, sets));
            if (specific.Count == common.Count && specific.All(g => common.Any(c => c.ResponseName == g.ResponseName && c.Nodes.Count == g.Nodes.Count)))
            {
                continue; // Nothing beyond the shared fields: the fallback record represents this type.
            }

            var className = baseName + "_" + possibleType;
            var properties = new List<PropertyModel>();
            foreach (var group in specific)
            {
                var shared = common.FirstOrDefault(c => c.ResponseName == group.ResponseName);
                if (shared is null)
                {
                    properties.Add(BuildProperty(group, className + "_" + Naming.ToPascalCase(group.ResponseName)).Property);
                }
                else if (shared.Nodes.Count == group.Nodes.Count || _schema.FindType(group.Definition.Type.NamedType)?.IsLeaf == true)
                {
                    properties.Add(commonProperties[group.ResponseName]);
                }
                else
                {
                    // The shared interface property and this record's property would need different types.
                    var extra = group.Nodes.First(n => !shared.Nodes.Contains(n));
                    Report(GraphQLDiagnostics.InvalidSelection, extra.Document.Locate(extra.Field.Name), "The field '" + group.ResponseName + "' is selected on '" + typeName + "' and again with other subfields in a fragment on '" + possibleType + "'; select it in one place or alias one of them");
                    properties.Add(commonProperties[group.ResponseName]);
                }
            }

            var isUserError = HasUserErrorShape(properties);
            _objects.Add(new ResultObjectModel(className, possibleType, implements, properties.ToEquatableArray(), isUserError, null));
            possibleTypes.Add(new PossibleTypeModel(possibleType, className));
        }

        var fallbackName = baseName + "_Other";
        while (possibleTypes.Any(p => p.ClassName == fallbackName))
        {
            fallbackName += "_";
        }

        var sharedProperties = common.Select(g => commonProperties[g.ResponseName]).ToList();
        var interfaceIsUserError = HasUserErrorShape(sharedProperties);
        if (interfaceIsUserError)
        {
            // The records get IUserError through the interface; listing it again on each would be noise.
            for (var i = 0; i < _objects.Count; i++)
            {
                if (_objects[i].Implements.Contains(interfaceName))
                {
                    _objects[i] = _objects[i] with { IsUserError = false };
                }
            }
        }

        _objects.Add(new ResultObjectModel(fallbackName, typeName, implements, sharedProperties.ToEquatableArray(), IsUserError: false, null));
        _interfaces.Add(new ResultInterfaceModel(interfaceName, typeName, sharedProperties.ToEquatableArray(), possibleTypes.ToEquatableArray(), fallbackName, interfaceIsUserError));
        if (interfaceIsUserError)
        {
            _userErrorTypes.Add(interfaceName);
        }

        // The server must send __typename for the client to pick the record: add it to the request.
        foreach (var set in sets)
        {
            if (!set.SelectionSet.Selections.OfType<GraphQLField>().Any(f => f.Alias is null && f.Name.StringValue == "__typename"))
            {
                if (!_typenameInsertions.TryGetValue(set.Document.Source.Path, out var offsets))
                {
                    _typenameInsertions[set.Document.Source.Path] = offsets = new SortedSet<int>();
                }

                offsets.Add(set.SelectionSet.Location.Start + 1);
            }
        }

        return interfaceName;
    }

    private (PropertyModel Property, string? ChildType) BuildProperty(FieldGroup group, string childTypeName)
    {
        var definition = group.Definition;
        var namedType = _schema.FindType(definition.Type.NamedType)!;
        string namedCSharp;
        string? childType = null;
        if (namedType.Kind == TypeKind.Enum)
        {
            _enums.Add(namedType.Name);
            namedCSharp = namedType.Name;
        }
        else if (namedType.IsLeaf)
        {
            namedCSharp = ScalarMapping.ToCSharp(namedType.Name);
        }
        else
        {
            var childSets = group.Nodes.Where(n => n.Field.SelectionSet is not null).Select(n => new SelectionSetSource(n.Field.SelectionSet!, n.Document)).ToList();
            namedCSharp = childType = namedType.IsAbstract
                ? BuildAbstract(namedType.Name, childSets, childTypeName)
                : BuildObject(namedType.Name, childSets, childTypeName, childTypeName, EquatableArray<string>.Empty);
        }

        // A field under @skip or @include may be left out of the response, whatever its schema type says.
        var isConditional = group.Nodes.Any(n => n.Field.Directives?.Items.Any(d => d.Name.StringValue is "skip" or "include") == true);
        var property = new PropertyModel(
            Naming.ToPropertyName(group.ResponseName),
            group.ResponseName,
            ScalarMapping.Render(isConditional ? definition.Type.Nullable() : definition.Type, _ => namedCSharp),
            definition.Description,
            definition.DeprecationReason);
        return (property, childType);
    }

    /// <summary>
    /// Collects the fields that apply to every value of <paramref name="scopeTypeName"/>: fields selected
    /// directly, and those inside fragments whose type condition covers all of the scope's possible types.
    /// Same-named fields merge, keeping every node so their subselections merge too.
    /// </summary>
    private List<FieldGroup> CollectFields(string scopeTypeName, IReadOnlyList<SelectionSetSource> sets)
    {
        var scopeType = _schema.FindType(scopeTypeName)!;
        var scopePossibleTypes = _schema.PossibleTypes(scopeTypeName);
        var groups = new List<FieldGroup>();

        // parentTypeName: the type the selection set is written against (the scope, or a fragment's type condition).
        void Visit(GraphQLSelectionSet selectionSet, Document document, string parentTypeName)
        {
            foreach (var selection in selectionSet.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field:
                        var name = field.Name.StringValue;
                        // Prefer the scope's own definition: an object's field may narrow the interface field's type.
                        var definition = name == "__typename" ? TypenameField : scopeType.FindField(name) ?? _schema.FindType(parentTypeName)?.FindField(name);
                        if (definition is null)
                        {
                            continue;
                        }

                        var responseName = field.Alias?.Name.StringValue ?? name;
                        var group = groups.FirstOrDefault(g => g.ResponseName == responseName);
                        if (group is null)
                        {
                            groups.Add(group = new FieldGroup(responseName, definition));
                        }

                        group.Nodes.Add(new FieldNode(field, document));
                        break;
                    case GraphQLInlineFragment inline:
                        if (inline.TypeCondition is null || Covers(inline.TypeCondition.Type.Name.StringValue))
                        {
                            Visit(inline.SelectionSet, document, inline.TypeCondition?.Type.Name.StringValue ?? parentTypeName);
                        }

                        break;
                    case GraphQLFragmentSpread spread:
                        var fragment = _fragments[spread.FragmentName.Name.StringValue];
                        var condition = fragment.Definition.TypeCondition.Type.Name.StringValue;
                        if (Covers(condition))
                        {
                            Visit(fragment.Definition.SelectionSet, fragment.Document, condition);
                        }

                        break;
                }
            }
        }

        bool Covers(string condition)
        {
            var conditionTypes = _schema.PossibleTypes(condition);
            return scopePossibleTypes.All(conditionTypes.Contains);
        }

        foreach (var set in sets)
        {
            Visit(set.SelectionSet, set.Document, scopeTypeName);
        }

        return groups;
    }

    private static List<FieldGroup> WithTypename(List<FieldGroup> groups)
    {
        if (!groups.Any(g => g.ResponseName == "__typename"))
        {
            groups.Insert(0, new FieldGroup("__typename", TypenameField));
        }

        return groups;
    }

    /// <summary>Records with <c>message: String!</c> and <c>code: String!</c> implement the runtime's <c>IUserError</c>.</summary>
    private static bool HasUserErrorShape(IEnumerable<PropertyModel> properties)
    {
        var list = properties.ToList();
        return list.Any(p => p.JsonName == "message" && p.CSharpType == "string")
            && list.Any(p => p.JsonName == "code" && p.CSharpType == "string");
    }

    private EquatableArray<VariableModel> BuildVariables(GraphQLOperationDefinition operation, out SortedSet<string> inputTypes)
    {
        inputTypes = new SortedSet<string>(System.StringComparer.Ordinal);
        var variables = new List<VariableModel>();
        foreach (var definition in operation.Variables?.Items ?? new List<GraphQLVariableDefinition>())
        {
            var type = SchemaParser.ToTypeRef(definition.Type);
            CollectInputClosure(type.NamedType, inputTypes);
            var isRequired = type.IsNonNull && definition.DefaultValue is null;
            var rendered = ScalarMapping.Render(isRequired ? type : type.Nullable(), InputTypeToCSharp);
            var name = definition.Variable.Name.StringValue;
            variables.Add(new VariableModel(name, Naming.ToParameterName(name), rendered, isRequired));
        }

        // Required parameters first: C# wants optional parameters at the end.
        return variables.Where(v => v.IsRequired).Concat(variables.Where(v => !v.IsRequired)).ToEquatableArray();
    }

    private void CollectInputClosure(string typeName, SortedSet<string> inputTypes)
    {
        var type = _schema.FindType(typeName);
        if (type?.Kind == TypeKind.Enum)
        {
            _enums.Add(type.Name);
        }
        else if (type?.Kind == TypeKind.InputObject && inputTypes.Add(type.Name))
        {
            foreach (var field in type.InputFields)
            {
                CollectInputClosure(field.Type.NamedType, inputTypes);
            }
        }
    }

    private string InputTypeToCSharp(string name) =>
        _schema.FindType(name)?.Kind is TypeKind.Enum or TypeKind.InputObject ? name : ScalarMapping.ToCSharp(name);

    /// <summary>The document sent to the server: the operation, the fragments it uses, and the injected <c>__typename</c> selections.</summary>
    private string BuildDocumentText(GraphQLOperationDefinition operation, Document document)
    {
        var builder = new StringBuilder(document.Slice(operation, _typenameInsertions));
        foreach (var fragmentName in _usedFragments.OrderBy(n => n, System.StringComparer.Ordinal))
        {
            var fragment = _fragments[fragmentName];
            builder.Append("\n\n").Append(fragment.Document.Slice(fragment.Definition, _typenameInsertions));
        }

        return builder.ToString();
    }

    /// <summary><c>sha256:&lt;lower-case hex of the UTF-8 bytes&gt;</c>, the id of the GraphQL-over-HTTP persisted-documents appendix.</summary>
    private static string PersistedDocumentId(string documentText)
    {
        using var sha256 = System.Security.Cryptography.SHA256.Create();
        var hash = sha256.ComputeHash(Encoding.UTF8.GetBytes(documentText));
        var builder = new StringBuilder("sha256:", 7 + (hash.Length * 2));
        foreach (var b in hash)
        {
            builder.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private void Report(DiagnosticInfo diagnostic)
    {
        if (_reported.Add(diagnostic))
        {
            _diagnostics.Add(diagnostic);
        }
    }

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceLocation? location, params string[] arguments) =>
        Report(DiagnosticInfo.Create(descriptor, location, arguments));

    private sealed record SelectionSetSource(GraphQLSelectionSet SelectionSet, Document Document);

    private sealed record FieldNode(GraphQLField Field, Document Document);

    private sealed class FieldGroup(string responseName, FieldDefinition definition)
    {
        public string ResponseName => responseName;

        public FieldDefinition Definition => definition;

        public List<FieldNode> Nodes { get; } = new();
    }

    /// <summary>A parsed .graphql file with what is needed to point diagnostics at it.</summary>
    private sealed class Document
    {
        private Document(GraphQLSource source, GraphQLDocument ast)
        {
            Source = source;
            Ast = ast;
            Text = SourceText.From(source.Text);
        }

        public GraphQLSource Source { get; }

        public GraphQLDocument Ast { get; }

        public SourceText Text { get; }

        public static Document? TryParse(GraphQLSource source, out DiagnosticInfo? syntaxError)
        {
            syntaxError = null;
            try
            {
                return new Document(source, Parser.Parse(source.Text));
            }
            catch (GraphQLParserException exception)
            {
                var location = SourceLocation.FromLineColumn(source.Path, SourceText.From(source.Text), exception.Location.Line, exception.Location.Column);
                syntaxError = DiagnosticInfo.Create(GraphQLDiagnostics.SyntaxError, location, exception.Description);
                return null;
            }
        }

        public SourceLocation Locate(ASTNode node) => Locate(node.Location.Start, node.Location.End);

        public SourceLocation Locate(int start, int end) => SourceLocation.FromOffsets(Source.Path, Text, start, end);

        public string Slice(ASTNode node, Dictionary<string, SortedSet<int>> insertions)
        {
            var (start, end) = (node.Location.Start, node.Location.End);
            var builder = new StringBuilder();
            var position = start;
            if (insertions.TryGetValue(Source.Path, out var offsets))
            {
                foreach (var offset in offsets.Where(o => o > start && o < end))
                {
                    builder.Append(Source.Text, position, offset - position).Append(" __typename");
                    position = offset;
                }
            }

            return builder.Append(Source.Text, position, end - position).ToString();
        }
    }
}
