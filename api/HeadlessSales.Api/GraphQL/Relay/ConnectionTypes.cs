using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace HeadlessSales.Api.GraphQL.Relay;

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Description = "Where a page sits in its connection.";
        Field(p => p.HasNextPage);
        Field(p => p.HasPreviousPage);
        Field(p => p.StartCursor, nullable: true);
        Field(p => p.EndCursor, nullable: true);
    }
}

/// <summary><c>XEdge</c> for node type <c>XType</c>.</summary>
public sealed class EdgeType<TNodeType> : ObjectGraphType<Edge<object>> where TNodeType : IGraphType
{
    public EdgeType()
    {
        Name = ConnectionNames.Of<TNodeType>() + "Edge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(ctx => ctx.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Resolve(ctx => ctx.Source.Node);
    }
}

/// <summary><c>XConnection</c> for node type <c>XType</c>, with edges, nodes, page info and total count.</summary>
public sealed class ConnectionType<TNodeType> : ObjectGraphType<Connection<object>> where TNodeType : IGraphType
{
    public ConnectionType()
    {
        var nodeName = ConnectionNames.Of<TNodeType>();
        Name = nodeName + "Connection";
        Description = $"A page of {nodeName} objects.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType>>>>>("edges").Resolve(ctx => ctx.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes")
            .Description("The nodes of the edges, for clients that need no cursors.")
            .Resolve(ctx => ctx.Source.Edges.Select(edge => edge.Node));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(ctx => ctx.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("The number of items in the whole filtered collection.")
            .Resolve(ctx => ctx.Source.TotalCount);
    }
}

internal static class ConnectionNames
{
    /// <summary>Graph type classes are named <c>XType</c>; their connection is <c>XConnection</c>.</summary>
    public static string Of<TNodeType>() => typeof(TNodeType).Name.EndsWith("Type", StringComparison.Ordinal)
        ? typeof(TNodeType).Name[..^4]
        : typeof(TNodeType).Name;
}

public static class ConnectionFieldExtensions
{
    /// <summary>Adds <c>first</c>, <c>after</c>, <c>last</c> and <c>before</c>.</summary>
    public static FieldBuilder<TSource, TReturn> PagingArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) => field
        .Argument<IntGraphType>("first", $"Items after `after`, at most {PageRequest.MaxPageSize}; {PageRequest.DefaultPageSize} when neither `first` nor `last` is given.")
        .Argument<StringGraphType>("after", "Cursor of the item the page starts after.")
        .Argument<IntGraphType>("last", $"Items before `before`, at most {PageRequest.MaxPageSize}.")
        .Argument<StringGraphType>("before", "Cursor of the item the page ends before.");

    public static PageRequest GetPageRequest(this IResolveFieldContext context) => new(
        context.GetArgument<int?>("first"),
        context.GetArgument<string?>("after"),
        context.GetArgument<int?>("last"),
        context.GetArgument<string?>("before"));

    /// <summary>True when <c>totalCount</c> is selected, directly or through a fragment.</summary>
    public static bool SelectsTotalCount(this IResolveFieldContext context) =>
        context.SubFields?.Values.Any(selection => selection.Field.Name.Value == "totalCount") == true;

    /// <summary>Connections are returned as <see cref="Connection{T}"/> of object so one graph type serves every entity.</summary>
    public static Connection<object> Erase<T>(this Connection<T> connection) where T : class => new()
    {
        Edges = connection.Edges.Select(static edge => edge.Erased()).ToList(),
        PageInfo = connection.PageInfo,
        TotalCount = connection.TotalCount,
    };
}
