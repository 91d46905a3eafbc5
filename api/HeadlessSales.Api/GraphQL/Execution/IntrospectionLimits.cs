using GraphQL.Validation.Complexity;
using GraphQL.Validation.Errors.Custom;
using GraphQLParser;
using GraphQLParser.AST;

namespace HeadlessSales.Api.GraphQL.Execution;

/// <summary>
/// The depth and complexity limits of a document, with a bound of its own for introspection. The standard query of
/// graphql-js (GraphiQL, codegen, graphql-inspector, Postman) unwraps type references nine <c>ofType</c> levels deep,
/// 15 in all, past the depth that protects ordinary operations; an operation that selects nothing but
/// <c>__schema</c>, <c>__type</c> and <c>__typename</c> only reads the schema, so it may go as deep as
/// <see cref="GraphQLServerOptions.MaxIntrospectionDepth"/> and no deeper.
/// </summary>
public static class IntrospectionLimits
{
    /// <summary>
    /// Configures the analyzer to measure only and decide here: GraphQL.NET calls the delegate only for documents
    /// within its own limits, so those are left unset.
    /// </summary>
    public static void Apply(ComplexityOptions complexity, GraphQLServerOptions options)
    {
        complexity.MaxDepth = null;
        complexity.MaxComplexity = null;
        complexity.ValidateComplexityDelegate = context =>
        {
            context.Error = Check(context, options);
            return Task.CompletedTask;
        };
    }

    private static ComplexityError? Check(ComplexityValidationContext context, GraphQLServerOptions options)
    {
        var validation = context.ValidationContext;
        if (validation.Operation is { } operation && IsIntrospectionOnly(operation.SelectionSet, validation.Document))
        {
            return context.MaxDepth <= options.MaxIntrospectionDepth
                ? null
                : new ComplexityError($"Introspection query is too nested to execute. Depth is {context.MaxDepth} levels; maximum allowed for introspection is {options.MaxIntrospectionDepth} (the standard query of graphql-js needs 15).");
        }

        if (context.MaxDepth > options.MaxDepth)
        {
            return new ComplexityError($"Query is too nested to execute. Depth is {context.MaxDepth} levels; maximum allowed on this endpoint is {options.MaxDepth}.");
        }

        return context.TotalImpact > options.MaxComplexity
            ? new ComplexityError($"Query is too complex to execute. Complexity is {context.TotalImpact:0}; maximum allowed on this endpoint is {options.MaxComplexity}.")
            : null;
    }

    /// <summary>True when every root field, through fragments too, is a meta-field.</summary>
    public static bool IsIntrospectionOnly(GraphQLSelectionSet selectionSet, GraphQLDocument document, int fragmentDepth = 0) =>
        fragmentDepth < 10 && selectionSet.Selections.All(selection => selection switch
        {
            GraphQLField field => field.Name.Value.Span.StartsWith("__"),
            GraphQLInlineFragment inline => IsIntrospectionOnly(inline.SelectionSet, document, fragmentDepth + 1),
            GraphQLFragmentSpread spread => document.FindFragmentDefinition(spread.FragmentName.Name.Value) is { } fragment
                && IsIntrospectionOnly(fragment.SelectionSet, document, fragmentDepth + 1),
            _ => false,
        });
}
