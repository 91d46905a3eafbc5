using GraphQL.DataLoader;
using HeadlessSales.Api.GraphQL.DataLoaders;
using GraphQL.Types;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HeadlessSales.Api.GraphQL.Relay;

public sealed class NodeInterface : InterfaceGraphType<IEntity>
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "An object with a global id, refetchable with `node(id:)`.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Opaque global id.");
    }
}

/// <summary>
/// Base of every object type with a global id. The type name is also the id's type prefix, so a
/// type's ids and its <see cref="INodeLoader"/> always agree.
/// </summary>
public abstract class NodeType<T> : ObjectGraphType<T> where T : class, IEntity
{
    protected NodeType(string name, string description)
    {
        Name = name;
        Description = description;
        Field<NonNullGraphType<IdGraphType>>("id")
            .Description("Opaque global id.")
            .Resolve(ctx => GlobalId.Encode(name, ctx.Source.Id));
        Interface<NodeInterface>();
    }
}

/// <summary>
/// Loads the objects of one node type by key for <c>node(id:)</c> and <c>nodes(ids:)</c>, through its ById DataLoader:
/// the one place where a type's visibility is met by every path that reads by id.
/// </summary>
public interface INodeLoader
{
    string TypeName { get; }

    IDataLoaderResult Load(IServiceProvider requestServices, long key);
}

/// <summary>The node loader of the entity <typeparamref name="T"/>, for what reads it back by id (mutation payloads).</summary>
public interface INodeLoader<T> : INodeLoader where T : class
{
    IDataLoaderResult<T?> LoadAsync(IServiceProvider requestServices, long key);
}

/// <summary>
/// An object of a type the caller may not read at all (<see cref="FieldAuthorization.MayRead"/>) is not loaded: it
/// answers as a missing one, so an id does not tell whether its object exists.
/// </summary>
public sealed class NodeLoader<TLoader, T>(IGraphType graphType) : INodeLoader<T>
    where TLoader : BatchDataLoader<long, T>
    where T : class
{
    public string TypeName => graphType.Name;

    public IDataLoaderResult<T?> LoadAsync(IServiceProvider requestServices, long key) =>
        graphType.MayRead(requestServices.GetRequiredService<CurrentActor>().Actor) ? requestServices.DataLoader<TLoader>().LoadAsync(key) : new DeferredResult<T?>(_ => Task.FromResult<T?>(null));

    public IDataLoaderResult Load(IServiceProvider requestServices, long key) => LoadAsync(requestServices, key);
}

public static class NodeRegistration
{
    /// <summary>
    /// Registers a node type with what <c>node(id:)</c> loads it through: the graph type, its scoped ById
    /// DataLoader and the <see cref="INodeLoader"/>, named by the graph type itself so the ids' type prefix
    /// and the loader cannot disagree.
    /// </summary>
    public static IServiceCollection AddNode<TGraphType, T, TLoader>(this IServiceCollection services)
        where TGraphType : NodeType<T>
        where T : class, IEntity
        where TLoader : BatchDataLoader<long, T>
    {
        services.TryAddTransient<TGraphType>();
        services.AddScoped<TLoader>();
        services.AddSingleton(provider => new NodeLoader<TLoader, T>(ActivatorUtilities.GetServiceOrCreateInstance<TGraphType>(provider)));
        services.AddSingleton<INodeLoader>(provider => provider.GetRequiredService<NodeLoader<TLoader, T>>());
        services.AddSingleton<INodeLoader<T>>(provider => provider.GetRequiredService<NodeLoader<TLoader, T>>());
        return services;
    }
}
