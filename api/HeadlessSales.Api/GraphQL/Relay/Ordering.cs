using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.GraphQL.Relay;

public enum SortDirection
{
    Asc,
    Desc,
}

public sealed class SortDirectionType : EnumerationGraphType<SortDirection>
{
    public SortDirectionType()
    {
        Name = "SortDirection";
    }
}

/// <summary><c>XOrder { field: XOrderField!, direction: SortDirection = ASC }</c>; ties are always broken by id.</summary>
public abstract class OrderInputType<TFieldEnumType> : InputObjectGraphType where TFieldEnumType : IGraphType
{
    protected OrderInputType(string name, string description)
    {
        Name = name;
        Description = description + " Ties are broken by id, so the order is stable.";
        Field<NonNullGraphType<TFieldEnumType>>("field");
        Field<NonNullGraphType<SortDirectionType>>("direction").DefaultValue(SortDirection.Asc);
    }
}

public static class OrderingExtensions
{
    /// <summary>The ordering chosen by the <c>order</c> argument, or by id when it is absent.</summary>
    public static SortOrder<T> GetOrder<T, TField>(this IResolveFieldContext context, IReadOnlyDictionary<TField, Func<bool, SortOrder<T>>> orders)
        where T : class, IEntity
        where TField : struct, Enum
    {
        var order = context.GetArgument<Dictionary<string, object?>?>("order");
        if (order is null || order["field"] is not TField field)
        {
            return SortOrder<T>.ById();
        }

        var descending = order.TryGetValue("direction", out var direction) && direction is SortDirection.Desc;
        return orders[field](descending);
    }

    /// <summary>Escapes LIKE wildcards so a search for "50%" finds "50%" and not everything.</summary>
    public static string ContainsPattern(string text) =>
        "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
