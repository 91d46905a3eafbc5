using System.Collections.Concurrent;
using System.Linq.Expressions;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.GraphQL.Relay;

/// <summary>
/// One ordering of a collection: a key and a direction, always followed by the id so that the order
/// is total and a keyset cursor (key, id) identifies a position exactly.
/// </summary>
public sealed class SortOrder<T> where T : class, IEntity
{
    private SortOrder(string name, LambdaExpression? key, bool descending, bool keyReadInDatabase = false)
    {
        Name = name;
        Key = key;
        Descending = descending;
        KeyReadInDatabase = keyReadInDatabase;
        KeyValue = key is null || keyReadInDatabase ? null : Expression.Lambda<Func<T, object?>>(Expression.Convert(key.Body, typeof(object)), key.Parameters).Compile();
    }

    /// <summary>
    /// True when the key is not a column of the row but computed by the database (a custom field's value): the page
    /// query then selects it beside each row, for the cursors.
    /// </summary>
    public bool KeyReadInDatabase { get; }

    /// <summary>Written into cursors, so a cursor of one ordering is refused by another.</summary>
    public string Name { get; }

    /// <summary>Null when the order is by id alone.</summary>
    public LambdaExpression? Key { get; }

    public bool Descending { get; }

    public Type? KeyType => Key?.ReturnType;

    private Func<T, object?>? KeyValue { get; }

    private static readonly SortOrder<T> IdAscending = new("id", null, false);
    private static readonly SortOrder<T> IdDescending = new("id-desc", null, true);

    /// <summary>Orders are built once per name and direction: compiling the key reader is too dear for every request.</summary>
    private static readonly ConcurrentDictionary<string, SortOrder<T>> Orders = new(StringComparer.Ordinal);

    public static SortOrder<T> ById(bool descending = false) => descending ? IdDescending : IdAscending;

    /// <param name="name">Identifies the key; one name always denotes the same key of <typeparamref name="T"/>.</param>
    public static SortOrder<T> By<TKey>(string name, Expression<Func<T, TKey>> key, bool descending = false)
    {
        if (typeof(TKey) != typeof(string) && typeof(TKey) != typeof(DateTime) && typeof(TKey) != typeof(long) && typeof(TKey) != typeof(int))
        {
            throw new NotSupportedException($"Keyset paging supports string, DateTime, long and int keys, not {typeof(TKey).Name}.");
        }

        var fullName = descending ? name + "-desc" : name;
        return Orders.GetOrAdd(fullName, _ => new SortOrder<T>(fullName, key, descending));
    }

    /// <summary>
    /// An order by a string the database computes from the row, e.g. a correlated subquery; built per request (its
    /// expression may hold the request's context), never cached.
    /// </summary>
    public static SortOrder<T> ByDatabaseKey(string name, Expression<Func<T, string>> key, bool descending = false) =>
        new(descending ? name + "-desc" : name, key, descending, keyReadInDatabase: true);

    internal object? ValueOf(T row) => KeyValue?.Invoke(row);
}
