using HeadlessSales.Client.Generator.Model;

namespace HeadlessSales.Client.Generator.Emitting;

/// <summary>Emits <c>Add{ClientName}</c>, registering the client, its HttpClient and its WebSocket transport.</summary>
internal static class DependencyInjectionEmitter
{
    public static string HintName(ClientSettings settings) => settings.ClientName + "ServiceCollectionExtensions.g.cs";

    public static string Emit(ClientSettings settings)
    {
        var writer = CodeWriter.StartFile(settings.Namespace);
        writer.Summary("Registration of " + settings.ClientName + " in a service collection.");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.OpenBlock("public static partial class " + settings.ClientName + "ServiceCollectionExtensions");
        writer.Line("/// <summary>");
        writer.Line("/// Registers <see cref=\"" + settings.InterfaceName + "\"/> with a named HttpClient \"" + settings.ClientName + "\" pointed at");
        writer.Line("/// <see cref=\"global::HeadlessSales.Client.GraphQLClientOptions.Endpoint\"/>. Chain <c>AddClientCredentials</c> to authenticate,");
        writer.Line("/// or configure the HttpClient through <c>HttpClientBuilder</c>.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"services\">The application's services.</param>");
        writer.Line("/// <param name=\"configure\">Sets at least <see cref=\"global::HeadlessSales.Client.GraphQLClientOptions.Endpoint\"/>.</param>");
        writer.Line("/// <returns>A builder to add authentication or configure the HttpClient.</returns>");
        writer.Line("public static global::HeadlessSales.Client.IGraphQLClientBuilder Add" + settings.ClientName + "(");
        writer.Line("    this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services,");
        writer.Line("    global::System.Action<global::HeadlessSales.Client.GraphQLClientOptions> configure) =>");
        writer.Line("    global::HeadlessSales.Client.GraphQLClientRegistration.AddTypedGraphQLClient<" + settings.InterfaceName + ", " + settings.ClientName + ">(");
        writer.Line("        services,");
        writer.Line("        " + CodeWriter.Literal(settings.ClientName) + ",");
        writer.Line("        " + settings.ClientName + "Serialization.CreateOptions(),");
        writer.Line("        static (transport, subscriptionTransport) => new " + settings.ClientName + "(transport, subscriptionTransport),");
        writer.Line("        configure);");
        writer.CloseBlock();
        return writer.ToString();
    }
}
