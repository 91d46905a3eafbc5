using System.Linq;
using HeadlessSales.Client.Generator.Model;

namespace HeadlessSales.Client.Generator.Emitting;

/// <summary>Emits the client interface: one method per operation file.</summary>
internal static class ClientInterfaceEmitter
{
    public static string HintName(ClientSettings settings) => settings.InterfaceName + ".g.cs";

    public static string Emit(EquatableArray<OperationSignature> operations, ClientSettings settings)
    {
        var writer = CodeWriter.StartFile(settings.Namespace);
        writer.Summary("Typed access to the GraphQL API: one method per .graphql operation file.");
        writer.Line(CodeWriter.GeneratedCodeAttribute);
        writer.OpenBlock("public partial interface " + settings.InterfaceName);
        var first = true;
        foreach (var operation in operations)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            writer.Summary(Describe(operation));
            writer.Line(Signature(operation) + ";");
        }

        writer.CloseBlock();
        return writer.ToString();
    }

    public static string Describe(OperationSignature operation) => operation.Kind switch
    {
        OperationKind.Subscription => "Subscribes to '" + operation.Name + "' (" + operation.FileName + "); each event arrives as one result until the server completes or the token is cancelled.",
        _ => "Runs the " + operation.Kind.ToString().ToLowerInvariant() + " '" + operation.Name + "' (" + operation.FileName + ").",
    };

    public static string Signature(OperationSignature operation)
    {
        var result = "global::HeadlessSales.Client.OperationResult<" + operation.ResultTypeName + ">";
        var returnType = operation.Kind == OperationKind.Subscription
            ? "global::System.Collections.Generic.IAsyncEnumerable<" + result + ">"
            : "global::System.Threading.Tasks.Task<" + result + ">";
        var parameters = operation.Variables
            .Select(v => v.CSharpType + " " + v.ParameterName + (v.IsRequired ? string.Empty : " = default"))
            .Concat(new[] { "global::System.Threading.CancellationToken cancellationToken = default" });
        return returnType + " " + operation.MethodName + "(" + string.Join(", ", parameters) + ")";
    }
}
