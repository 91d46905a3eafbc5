using System.Text.Encodings.Web;
using GraphQL;
using HeadlessSales.Api.GraphQL.Execution;
using HeadlessSales.Api.GraphQL.Ide;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.GraphQL.Transport;
using HeadlessSales.Api.GraphQL.WebSockets;

namespace HeadlessSales.Api.GraphQL;

public static class GraphQLServiceCollectionExtensions
{
    public const string Endpoint = "/graphql";

    public static IServiceCollection AddHeadlessSalesGraphQL(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(GraphQLServerOptions.Section);
        services.Configure<GraphQLServerOptions>(section);
        var options = section.Get<GraphQLServerOptions>() ?? new GraphQLServerOptions();

        services.AddGraphQL(builder => builder
            .AddSchema<HeadlessSalesSchema>()
            .AddGraphTypes(typeof(GraphQLServiceCollectionExtensions).Assembly)
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider<Execution.ErrorInfoProvider>()
            .AddComplexityAnalyzer(complexity => IntrospectionLimits.Apply(complexity, options))
            .UsePersistedDocuments<PersistedDocumentStore>(global::GraphQL.DI.ServiceLifetime.Singleton, persisted =>
            {
                persisted.AllowOnlyPersistedDocuments = options.PersistedDocuments.AllowOnlyPersisted;
            })
            .WithTimeout(options.ExecutionTimeout, global::GraphQL.Execution.TimeoutAction.ReturnTimeoutError)
            .ConfigureExecutionOptions(execution => execution.EnableMetrics = options.EnableMetrics));

        // Graph types of our own that are generic over the node type cannot be found by assembly scanning.
        services.AddTransient(typeof(ConnectionType<>));
        services.AddTransient(typeof(EdgeType<>));
        services.AddScoped<CustomFields.CustomFieldValuesDataLoader>();

        services.AddSingleton<ValidatedDocumentCache>();
        services.AddSingleton<global::GraphQL.DI.IConfigureExecution>(sp => sp.GetRequiredService<ValidatedDocumentCache>());
        services.AddSingleton<global::GraphQL.DI.IConfigureExecution, RequestCostGate>();
        services.AddSingleton<GraphQLRequestExecutor>();
        services.AddSingleton<GraphQLHttpRequestReader>();
        services.AddSingleton<GraphQLHttpMiddleware>();
        services.AddSingleton<GraphQLWebSocketHandler>();
        services.AddGraphQLIde(configuration);
        return services;
    }

    public static WebApplication MapHeadlessSalesGraphQL(this WebApplication app)
    {
        app.UseWebSockets();
        app.UseGraphQLIde();
        var middleware = app.Services.GetRequiredService<GraphQLHttpMiddleware>();
        app.Map(Endpoint, branch => branch.Run(middleware.InvokeAsync));
        return app;
    }
}
