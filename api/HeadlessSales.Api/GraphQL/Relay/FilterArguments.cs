using GraphQL;

namespace HeadlessSales.Api.GraphQL.Relay;

/// <summary>Reads the <c>where</c> argument of a collection field.</summary>
public sealed class FilterArguments(IResolveFieldContext context)
{
    private readonly Dictionary<string, object?> _values = context.GetArgument<Dictionary<string, object?>?>("where") ?? [];

    public T? Get<T>(string name) => _values.TryGetValue(name, out var value) && value is T typed ? typed : default;

    /// <summary>A list argument's items, or null when the argument is absent or null.</summary>
    public List<T>? List<T>(string name) =>
        _values.TryGetValue(name, out var value) && value is System.Collections.IEnumerable items and not string ? items.Cast<T>().ToList() : null;

    /// <summary>A trimmed, non-blank string, or null.</summary>
    public string? Text(string name) => Get<string>(name)?.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>
    /// Keys of a list of global ids of one type. An id that is malformed or of another type matches
    /// nothing, exactly like an id of an object the caller cannot see.
    /// </summary>
    public List<long>? Ids(string name, string typeName) =>
        List<string>(name)?.Select(id => GlobalId.TryDecode(id, typeName) ?? -1).ToList();
}
