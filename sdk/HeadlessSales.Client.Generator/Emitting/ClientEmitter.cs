using HeadlessSales.Client.Generator.Model;

namespace HeadlessSales.Client.Generator.Emitting;

/// <summary>Emits the client implementation: each method builds the variables and hands the request to a transport.</summary>
internal static class ClientEmitter
{
    private const string Runtime = "global::HeadlessSales.Client";

    public static string HintName(ClientSettings settings) => settings.ClientName + ".g.cs";

    public static string Emit(EquatableArray<OperationSignature> operations, ClientSettings settings)
    {
        var writer = CodeWriter.StartFile(settings.Namespace);
        writer.Summary("Sends queries and mutations over HTTP and subscriptions over the WebSocket transport.");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.OpenBlock("public sealed partial class " + settings.ClientName + " : " + settings.InterfaceName);
        writer.Line("private readonly " + Runtime + ".IGraphQLTransport _transport;");
        writer.Line("private readonly " + Runtime + ".IGraphQLSubscriptionTransport? _subscriptionTransport;");
        writer.Line();
        writer.Line("/// <summary>Every document this client sends, for servers that run only persisted documents.</summary>");
        writer.Line("public static global::System.Collections.Generic.IReadOnlyList<" + Runtime + ".PersistedDocument> PersistedDocuments { get; } =");
        writer.Line("[");
        foreach (var operation in operations)
        {
            writer.Line("    new(" + operation.Name + "Operation.Name, " + operation.Name + "Operation.DocumentId, " + operation.Name + "Operation.Document),");
        }

        writer.Line("];");
        writer.Line();
        writer.Line("/// <summary>A client on the given transports; <c>Add" + settings.ClientName + "</c> wires them from configuration.</summary>");
        writer.Line("/// <param name=\"transport\">Runs queries and mutations.</param>");
        writer.Line("/// <param name=\"subscriptionTransport\">Runs subscriptions; without it, subscription methods throw.</param>");
        writer.OpenBlock("public " + settings.ClientName + "(" + Runtime + ".IGraphQLTransport transport, " + Runtime + ".IGraphQLSubscriptionTransport? subscriptionTransport = null)");
        writer.Line("_transport = transport ?? throw new global::System.ArgumentNullException(nameof(transport));");
        writer.Line("_subscriptionTransport = subscriptionTransport;");
        writer.CloseBlock();

        foreach (var operation in operations)
        {
            writer.Line();
            writer.Line("/// <inheritdoc />");
            writer.OpenBlock("public " + ClientInterfaceEmitter.Signature(operation));
            writer.Line("var graphQLVariables = new global::System.Collections.Generic.Dictionary<string, object?>(" + operation.Variables.Count + ");");
            foreach (var variable in operation.Variables)
            {
                var assignment = "graphQLVariables[" + CodeWriter.Literal(variable.Name) + "] = " + variable.ParameterName + ";";
                if (variable.IsRequired)
                {
                    writer.Line(assignment);
                }
                else
                {
                    // Leaving an optional variable out lets the server apply the operation's default value.
                    writer.OpenBlock("if (" + variable.ParameterName + " is not null)");
                    writer.Line(assignment);
                    writer.CloseBlock();
                }
            }

            writer.Line("var request = new " + Runtime + ".GraphQLRequest(" + operation.Name + "Operation.Document, " + operation.Name + "Operation.Name, graphQLVariables, " + operation.Name + "Operation.DocumentId);");
            writer.Line(operation.Kind == OperationKind.Subscription
                ? "return SubscriptionTransport.SubscribeAsync<" + operation.ResultTypeName + ">(request, cancellationToken);"
                : "return _transport.ExecuteAsync<" + operation.ResultTypeName + ">(request, cancellationToken);");
            writer.CloseBlock();
        }

        writer.Line();
        writer.Line("private " + Runtime + ".IGraphQLSubscriptionTransport SubscriptionTransport => _subscriptionTransport");
        writer.Line("    ?? throw new global::System.InvalidOperationException(\"Subscriptions need a WebSocket transport: configure GraphQLClientOptions.WebSocketEndpoint or pass one to the constructor.\");");
        writer.CloseBlock();
        return writer.ToString();
    }
}
