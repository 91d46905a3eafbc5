using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Relay;

namespace HeadlessSales.Api.GraphQL.Schema;

/// <summary>
/// A mutation input as given: tells an absent field (leave unchanged) from an explicit null (clear it),
/// and collects every rule an input breaks instead of stopping at the first.
/// </summary>
public sealed class InputFields(IReadOnlyDictionary<string, object?> values, string path)
{
    public List<UserError> Errors { get; } = [];

    public bool IsValid => Errors.Count == 0;

    public bool Has(string name) => values.ContainsKey(name);

    public string PathOf(string name) => $"{path}.{name}";

    public T? Get<T>(string name) => values.TryGetValue(name, out var value) && value is T typed ? typed : default;

    /// <summary>A list field's items, or null when the field is absent or null.</summary>
    public List<T>? List<T>(string name) =>
        values.TryGetValue(name, out var value) && value is System.Collections.IEnumerable items and not string ? items.Cast<T>().ToList() : null;

    /// <summary>A trimmed string; reports a validation error when it is missing, blank or too long.</summary>
    public string? RequiredText(string name, int maxLength)
    {
        var text = Get<string>(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            Errors.Add(new ValidationError(PathOf(name), $"`{name}` must not be blank."));
            return null;
        }

        return CheckLength(name, text, maxLength);
    }

    /// <summary>A trimmed string or null; blank counts as null.</summary>
    public string? OptionalText(string name, int maxLength)
    {
        var text = Get<string>(name)?.Trim();
        return string.IsNullOrEmpty(text) ? null : CheckLength(name, text, maxLength);
    }

    /// <summary>The key of a global id of <paramref name="typeName"/>; a malformed id or one of another type reads as not found.</summary>
    public long? Id(string name, string typeName)
    {
        if (Get<string>(name) is not { } id)
        {
            return null;
        }

        var key = GlobalId.TryDecode(id, typeName);
        if (key is null)
        {
            Errors.Add(new NotFoundError(PathOf(name), id));
        }

        return key;
    }

    public void NotFound(string name) => Errors.Add(new NotFoundError(PathOf(name), Get<string>(name) ?? string.Empty));

    /// <summary>The failed payload for an object that could not be found by <paramref name="name"/>, unless an earlier error already says why.</summary>
    public MutationFailure NotFoundPayload(string name)
    {
        if (IsValid)
        {
            NotFound(name);
        }

        return MutationPayload.Failure(Errors);
    }

    public void Invalid(string name, string message) => Errors.Add(new ValidationError(PathOf(name), message));

    private string? CheckLength(string name, string text, int maxLength)
    {
        if (text.Length > maxLength)
        {
            Errors.Add(new ValidationError(PathOf(name), $"`{name}` must be at most {maxLength} characters."));
            return null;
        }

        return text;
    }
}
