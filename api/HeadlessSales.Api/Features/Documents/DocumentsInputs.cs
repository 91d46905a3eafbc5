using GraphQL.Types;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.GraphQL.Transport;

namespace HeadlessSales.Api.Features.Documents;

public sealed class UploadDocumentInputType : InputObjectGraphType
{
    public UploadDocumentInputType()
    {
        Name = "UploadDocumentInput";
        Field<NonNullGraphType<IdGraphType>>("subjectId").Description("The lead, account or opportunity to attach the document to.");
        Field<NonNullGraphType<StringGraphType>>("kindCode").Description("An active code of the tenant's document kinds, e.g. COMPETITOR_ANALYSIS.");
        Field<NonNullGraphType<UploadGraphType>>("file").Description("The file part; its Content-Type must be an accepted type that its content matches.");
        Field<StringGraphType>("note").Description("At most 500 characters.");
        Field<DateOnlyGraphType>("customerSignedOn").Description("When the customer signed the document; not in the future.");
    }
}

public sealed class CreateDocumentKindInputType : InputObjectGraphType
{
    public CreateDocumentKindInputType()
    {
        Name = "CreateDocumentKindInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Upper-case letters, digits and underscores, starting with a letter; unique, never changed.");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<StringGraphType>("englishName");
        Field<StringGraphType>("description");
        Field<BooleanGraphType>("requiresCustomerSignature").DefaultValue(false);
    }
}

public sealed class UpdateDocumentKindInputType : InputObjectGraphType
{
    public UpdateDocumentKindInputType()
    {
        Name = "UpdateDocumentKindInput";
        Description = "Fields left out stay unchanged; an explicit null clears an optional field.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<StringGraphType>("englishName");
        Field<StringGraphType>("description");
        Field<BooleanGraphType>("requiresCustomerSignature");
        Field<BooleanGraphType>("active").Description("False retires the kind: its documents stay, new uploads are refused.");
    }
}

public sealed class UploadDocumentErrorType() : MutationErrorUnion("uploadDocument",
    typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(UnknownCodeErrorType), typeof(InvalidStateErrorType), typeof(UnsupportedFileTypeErrorType));

public sealed class CreateDocumentKindErrorType() : MutationErrorUnion("createDocumentKind", typeof(ValidationErrorType), typeof(DuplicateErrorType));

public sealed class UpdateDocumentKindErrorType() : MutationErrorUnion("updateDocumentKind", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class UploadDocumentPayloadType() : PayloadType<DocumentType, Document, UploadDocumentErrorType>("uploadDocument", "document");

public sealed class CreateDocumentKindPayloadType() : PayloadType<DocumentKindType, DocumentKind, CreateDocumentKindErrorType>("createDocumentKind", "documentKind");

public sealed class UpdateDocumentKindPayloadType() : PayloadType<DocumentKindType, DocumentKind, UpdateDocumentKindErrorType>("updateDocumentKind", "documentKind");
