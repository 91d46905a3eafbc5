using System.Linq.Expressions;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.GraphQL.Relay;

/// <summary>
/// One ordering of a collection: a key and a direction, always followed by the id so that the order
/// is total and a keyset cursor (key, id) identifies a position exactly.
/// </summary>
public sealed class SortOrder<T> where T : class, IEntity
{
    private SortOrder(string name, LambdaExpression? key, bool descending)
    {
        Name = name;
        Key = key;
        Descending = descending;
        KeyValue = key?.Compile();
    }

    /// <summary>Written into cursors, so a cursor of one ordering is refused by another.</summary>
    public string Name { get; }

    /// <summary>Null when the order is by id alone.</summary>
    public LambdaExpression? Key { get; }

    public bool Descending { get; }

    public Type? KeyType => Key?.ReturnType;

    internal Delegate? KeyValue { get; }

    public static SortOrder<T> ById(bool descending = false) => new(descending ? "id-desc" : "id", null, descending);

    public static SortOrder<T> By<TKey>(string name, Expression<Func<T, TKey>> key, bool descending = false)
    {
        if (typeof(TKey) != typeof(string) && typeof(TKey) != typeof(DateTime) && typeof(TKey) != typeof(long) && typeof(TKey) != typeof(int))
        {
            throw new NotSupportedException($"Keyset paging supports string, DateTime, long and int keys, not {typeof(TKey).Name}.");
        }

        return new SortOrder<T>(descending ? name + "-desc" : name, key, descending);
    }

    internal object? ValueOf(T row) => KeyValue?.DynamicInvoke(row);
}
