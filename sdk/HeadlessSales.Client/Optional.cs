using System.Text.Json.Serialization;
using HeadlessSales.Client.Serialization;

namespace HeadlessSales.Client;

/// <summary>
/// An input field that may be left out. GraphQL treats "absent" and "null" differently (absent keeps the
/// stored value or the default; null clears it), which a plain nullable property cannot express.
/// </summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
public readonly struct Optional<T> : IEquatable<Optional<T>>
{
    public Optional(T value)
    {
        Value = value;
        HasValue = true;
    }

    /// <summary>Not set: the field is left out of the request.</summary>
    public static Optional<T> Absent => default;

    public bool HasValue { get; }

    public T Value { get; }

    public static implicit operator Optional<T>(T value) => new(value);

    public bool Equals(Optional<T> other) =>
        HasValue == other.HasValue && EqualityComparer<T>.Default.Equals(Value, other.Value);

    public override bool Equals(object? obj) => obj is Optional<T> other && Equals(other);

    public override int GetHashCode() => HasValue ? HashCode.Combine(true, Value) : 0;

    public override string ToString() => HasValue ? Value?.ToString() ?? "null" : "(absent)";

    public static bool operator ==(Optional<T> left, Optional<T> right) => left.Equals(right);

    public static bool operator !=(Optional<T> left, Optional<T> right) => !left.Equals(right);
}
