using System.Text.Json;

namespace HeadlessSales.Api.GraphQL.Transport;

/// <summary>
/// JSON that parses may still hold text no string can carry: invalid UTF-8 inside a string, or an
/// escaped lone surrogate such as <c>"\ud800"</c>. Reading such a string throws deep inside whatever
/// reads it first, so the transports check a whole message once, up front, and refuse it as a client error.
/// </summary>
public static class WellFormedJson
{
    /// <returns>True when every property name and string value in <paramref name="element"/> decodes to well-formed text.</returns>
    public static bool IsWellFormed(JsonElement element)
    {
        try
        {
            return Check(element);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json's answer to a string it cannot transcode.
            return false;
        }
    }

    private static bool Check(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!Check(item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    if (!Check(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
