using Microsoft.Extensions.Primitives;

namespace HeadlessSales.Api.GraphQL.Transport;

public static class BearerToken
{
    /// <summary>Reads <c>Bearer &lt;token&gt;</c>.</summary>
    /// <returns>True with a null token when there is no Authorization header; false when the header is not a bearer token.</returns>
    public static bool TryRead(StringValues authorization, out string? token)
    {
        token = null;
        if (StringValues.IsNullOrEmpty(authorization))
        {
            return true;
        }

        var value = authorization.ToString();
        if (authorization.Count != 1 || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || value.Length <= 7)
        {
            return false;
        }

        token = value[7..].Trim();
        return token.Length > 0;
    }
}
