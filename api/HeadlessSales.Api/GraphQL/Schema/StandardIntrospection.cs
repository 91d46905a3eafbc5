using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;

namespace HeadlessSales.Api.GraphQL.Schema;

/// <summary>
/// What the standard introspection query of graphql-js 16 asks and GraphQL.NET 8.8.5 does not answer:
/// <c>__Type.specifiedByURL</c> (none of our scalars points to a specification, so it is always null) and
/// <c>__Directive.args(includeDeprecated:)</c>. Without them every IDE and code generator fails validation.
/// </summary>
public sealed class StandardIntrospection : BaseSchemaNodeVisitor
{
    public override void VisitObject(IObjectGraphType type, ISchema schema)
    {
        if (type.Name == "__Type" && !type.HasField("specifiedByURL"))
        {
            type.AddField(new FieldType
            {
                Name = "specifiedByURL",
                Description = "A URL to the specification of a custom scalar's behaviour; null for every type here.",
                ResolvedType = schema.AllTypes["String"],
                Resolver = new FuncFieldResolver<string?>(_ => null),
            });
        }

        if (type.Name == "__Directive" && type.GetField("args") is { } args && args.Arguments?.Find("includeDeprecated") is null)
        {
            var all = args.Resolver ?? throw new InvalidOperationException("__Directive.args has no resolver.");
            args.Arguments ??= new QueryArguments();
            args.Arguments.Add(new QueryArgument(schema.AllTypes["Boolean"]!) { Name = "includeDeprecated", DefaultValue = false });
            args.Resolver = new FuncFieldResolver<object?>(async context =>
            {
                var result = await all.ResolveAsync(context).ConfigureAwait(false);
                return context.GetArgument<bool>("includeDeprecated") || result is not IEnumerable<QueryArgument> arguments
                    ? result
                    : arguments.Where(argument => argument.DeprecationReason is null).ToList();
            });
        }
    }
}
