using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeadlessSales.Client.Authentication;

/// <summary>Supplies bearer tokens for outgoing requests.</summary>
public interface IAccessTokenProvider
{
    ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets <paramref name="rejectedToken"/> (the server answered 401) so the next call fetches a new one.</summary>
    void Invalidate(string rejectedToken);
}

/// <summary>Where and how to request client-credentials tokens (RFC 6749 §4.4).</summary>
public sealed class ClientCredentialsOptions
{
    public Uri? TokenEndpoint { get; set; }

    public string ClientId { get; set; } = string.Empty;

    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Space-separated scopes; left out of the request when empty.</summary>
    public string? Scope { get; set; }

    /// <summary>A token is renewed this long before it expires, so no request goes out with a token about to lapse.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Gets tokens with the client-credentials grant and caches them until shortly before they expire.
/// Concurrent callers share one token request.
/// </summary>
public sealed class ClientCredentialsTokenProvider : IAccessTokenProvider
{
    private readonly HttpClient _httpClient;
    private readonly ClientCredentialsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private CachedToken? _cached;

    public ClientCredentialsTokenProvider(HttpClient httpClient, ClientCredentialsOptions options, TimeProvider? timeProvider = null)
    {
        _httpClient = httpClient;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        if (options.TokenEndpoint is null || string.IsNullOrEmpty(options.ClientId))
        {
            throw new ArgumentException("ClientCredentialsOptions needs a TokenEndpoint and a ClientId.", nameof(options));
        }
    }

    public async ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        if (_cached is { } fresh && _timeProvider.GetUtcNow() < fresh.RefreshAt)
        {
            return fresh.AccessToken;
        }

        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (_cached is { } refreshed && _timeProvider.GetUtcNow() < refreshed.RefreshAt)
            {
                return refreshed.AccessToken;
            }

            _cached = await RequestTokenAsync(cancellationToken).ConfigureAwait(false);
            return _cached.AccessToken;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    public void Invalidate(string rejectedToken)
    {
        var cached = _cached;
        if (cached is not null && cached.AccessToken == rejectedToken)
        {
            Interlocked.CompareExchange(ref _cached, null, cached);
        }
    }

    private async Task<CachedToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "client_credentials"),
            new("client_id", _options.ClientId),
            new("client_secret", _options.ClientSecret),
        };
        if (!string.IsNullOrWhiteSpace(_options.Scope))
        {
            form.Add(new("scope", _options.Scope));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _options.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var requestedAt = _timeProvider.GetUtcNow();
        using var response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

        TokenResponse? token = null;
        try
        {
            token = JsonSerializer.Deserialize<TokenResponse>(body);
        }
        catch (JsonException)
        {
            // Reported below with the status code, which says more than the parser would.
        }

        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(token?.AccessToken))
        {
            var reason = token?.Error is null ? body.Length > 200 ? body[..200] : body : token.Error + (token.ErrorDescription is null ? string.Empty : ": " + token.ErrorDescription);
            throw new ClientCredentialsException($"The token endpoint answered {(int)response.StatusCode}: {reason}");
        }

        // Measure from when the request left, not when it came back: the lifetime started on the server meanwhile.
        var lifetime = TimeSpan.FromSeconds(token.ExpiresIn ?? 3600);
        var margin = TimeSpan.FromTicks(Math.Min(_options.RefreshBeforeExpiry.Ticks, lifetime.Ticks / 2));
        return new CachedToken(token.AccessToken, requestedAt + lifetime - margin);
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("token_type")] string? TokenType,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);
}

/// <summary>The token endpoint refused or failed the client-credentials request.</summary>
public sealed class ClientCredentialsException(string message) : Exception(message);
