using System.Net;
using System.Net.Http.Headers;

namespace HeadlessSales.Client.Authentication;

/// <summary>
/// Adds <c>Authorization: Bearer …</c> to each request. On a 401 the token is dropped and the request is
/// sent once more with a fresh one: the server may have revoked or rotated keys before the token's expiry.
/// </summary>
public sealed class AccessTokenHandler(IAccessTokenProvider tokenProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokenProvider.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (request.Content is not null)
        {
            // Buffer the body so it can be sent a second time.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        tokenProvider.Invalidate(token);
        var renewed = await tokenProvider.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        if (renewed == token)
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
