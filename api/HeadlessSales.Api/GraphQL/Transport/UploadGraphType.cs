using GraphQL.Types;
using GraphQLParser.AST;

namespace HeadlessSales.Api.GraphQL.Transport;

/// <summary>
/// A file of a multipart request (the GraphQL multipart request spec). The client sends the variable as
/// null in <c>operations</c> and names the file part that replaces it in <c>map</c>; a value of any
/// other kind, or a literal in the document, is refused.
/// </summary>
public sealed class UploadGraphType : ScalarGraphType
{
    public UploadGraphType()
    {
        Name = "Upload";
        Description = "A file, sent as a part of a `multipart/form-data` request that follows the GraphQL multipart request spec "
            + "(`operations`, `map`, then the file parts). Such requests need the `GraphQL-Require-Preflight` header. Input only.";
    }

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        UploadedFile file => file,
        _ => throw new FormatException("An Upload must be a file part of a multipart/form-data request, mapped onto a null variable."),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        _ => throw new FormatException("An Upload cannot be written in the document; pass it as a variable in a multipart request."),
    };

    public override object? Serialize(object? value) =>
        throw new InvalidOperationException("Upload is an input-only scalar.");
}
