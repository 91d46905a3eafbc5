using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Auditing;

namespace HeadlessSales.Api.GraphQL.Schema;

/// <summary>A feature's contribution to the root query type.</summary>
public interface IQueryFields
{
    void AddTo(ObjectGraphType query);
}

/// <summary>A feature's contribution to the root mutation type.</summary>
public interface IMutationFields
{
    void AddTo(ObjectGraphType mutation);
}

/// <summary>A feature's contribution to the root subscription type.</summary>
public interface ISubscriptionFields
{
    void AddTo(ObjectGraphType subscription);
}

public sealed class QueryType : ObjectGraphType
{
    public const int MaxNodesPerRequest = 100;

    public QueryType(IEnumerable<IQueryFields> features, IEnumerable<INodeLoader> nodeLoaders)
    {
        Name = "Query";
        var loaders = nodeLoaders.ToDictionary(loader => loader.TypeName, StringComparer.Ordinal);

        Field<NodeInterface>("node")
            .Authorize(Scopes.SalesRead)
            .Description("Fetches any object by its global id; null when it does not exist or is not visible to the caller.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(ctx => Load(ctx, loaders, ctx.GetArgument<string>("id")));

        Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes")
            .Authorize(Scopes.SalesRead)
            .Description($"Fetches up to {MaxNodesPerRequest} objects by global id, in the order given; null for each that does not exist or is not visible.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .ResolveAsync(async ctx =>
            {
                var ids = ctx.GetArgument<List<string>>("ids");
                if (ids.Count > MaxNodesPerRequest)
                {
                    throw new ExecutionError($"At most {MaxNodesPerRequest} ids may be requested at once.") { Code = "TOO_MANY_IDS" };
                }

                var pending = ids.Select(id => Load(ctx, loaders, id)).ToList();
                var results = new object?[pending.Count];
                for (var i = 0; i < pending.Count; i++)
                {
                    results[i] = pending[i] is null ? null : await pending[i]!.GetResultAsync(ctx.CancellationToken);
                }

                return results;
            });

        foreach (var feature in features)
        {
            feature.AddTo(this);
        }
    }

    private static IDataLoaderResult? Load(IResolveFieldContext context, Dictionary<string, INodeLoader> loaders, string id)
    {
        if (!GlobalId.TryDecode(id, out var typeName, out var key))
        {
            throw new ExecutionError($"'{id}' is not a valid global id.") { Code = "INVALID_ID" };
        }

        return loaders.TryGetValue(typeName, out var loader) ? loader.Load(context.RequestServices!, key) : null;
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType(IEnumerable<IMutationFields> features)
    {
        Name = "Mutation";
        foreach (var feature in features)
        {
            feature.AddTo(this);
        }

        // Every mutation leaves an audit entry, whichever module declares it.
        foreach (var field in Fields)
        {
            field.Resolver = new AuditedResolver(field.Name, field.Resolver!);
        }
    }
}

public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType(IEnumerable<ISubscriptionFields> features)
    {
        Name = "Subscription";
        foreach (var feature in features)
        {
            feature.AddTo(this);
        }
    }
}

public sealed class HeadlessSalesSchema : global::GraphQL.Types.Schema
{
    public HeadlessSalesSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription)
        : base(services)
    {
        Description = "HeadlessSales: the sales process as an API.";
        // Asked for by the standard introspection query of graphql-js (directiveIsRepeatable, inputValueDeprecation).
        Features.RepeatableDirectives = true;
        Features.DeprecationOfInputValues = true;
        RegisterVisitor(new StandardIntrospection());
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
    }
}
