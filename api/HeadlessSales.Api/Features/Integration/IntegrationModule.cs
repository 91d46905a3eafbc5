using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.Extensions.Options;

namespace HeadlessSales.Api.Features.Integration;

/// <summary>Pushing events out: webhook endpoints and deliveries from the event journal, and the events feed.</summary>
public static class IntegrationModule
{
    public static IServiceCollection AddIntegration(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookAddresses.Handler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateAddresses))
            // The sender applies its own per-attempt timeout.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddJournaledEvent<WebhookRequested>(WebhookRequested.Name, e => JournaledEventType.Subject("WebhookEndpoint", e.EndpointId));
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
        services.AddSingleton<IQueryFields, IntegrationQueries>();
        services.AddSingleton<IMutationFields, IntegrationMutations>();
        services.AddNode<WebhookEndpointType, WebhookEndpoint, WebhookEndpointByIdDataLoader>();
        services.AddNode<WebhookDeliveryType, WebhookDelivery, WebhookDeliveryByIdDataLoader>();
        return services;
    }
}
