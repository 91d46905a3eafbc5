using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.Features.Integration;

public sealed class WebhookEndpointByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<WebhookEndpoint>(databases);

public sealed class WebhookDeliveryByIdDataLoader(SalesDbContextFactory databases) : ByIdDataLoader<WebhookDelivery>(databases);
