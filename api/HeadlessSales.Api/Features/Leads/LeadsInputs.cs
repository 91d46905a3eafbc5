using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.GraphQL.Transport;

namespace HeadlessSales.Api.Features.Leads;

public sealed class CreateLeadInputType : InputObjectGraphType
{
    public CreateLeadInputType()
    {
        Name = "CreateLeadInput";
        Field<StringGraphType>("idempotencyKey")
            .Description("Sent again on a retry, returns the lead the first call made instead of a second one. At most 100 characters.");
        Field<NonNullGraphType<StringGraphType>>("name").Description("The person who asked.");
        Field<StringGraphType>("company");
        Field<StringGraphType>("phone").Description("A phone number or an email is required.");
        Field<StringGraphType>("email");
        Field<NonNullGraphType<IndustryType>>("industry");
        Field<StringGraphType>("province");
        Field<NonNullGraphType<LeadSourceType>>("source");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("productInterests").Description("Product codes of the catalog.");
        Field<CompanySizeType>("estimatedSize");
        this.AddCustomFieldValues();
    }
}

public sealed class BulkImportLeadsInputType : InputObjectGraphType
{
    public BulkImportLeadsInputType()
    {
        Name = "BulkImportLeadsInput";
        Field<StringGraphType>("csv")
            .Description($"CSV text with a header row naming any of the columns {string.Join(", ", LeadImporter.Columns)} (name and industry required); at most {LeadImporter.MaxRows} rows. Codes as in the schema, e.g. NEW_ENERGY; products separated by `;`. Give `csv` or `file`, not both.");
        Field<UploadGraphType>("file")
            .Description("The same CSV as a UTF-8 file part of a multipart request: for files larger than a JSON request may be.");
        Field<InvalidRowPolicyType>("onInvalidRows").DefaultValue(InvalidRowPolicy.ImportValidRows);
    }
}

public sealed class CreateLeadErrorType() : MutationErrorUnion("createLead", typeof(ValidationErrorType), typeof(UnknownCodeErrorType), typeof(IdempotencyKeyReusedErrorType), typeof(CustomFieldErrorType));

public sealed class BulkImportLeadsErrorType() : MutationErrorUnion("bulkImportLeads", typeof(ValidationErrorType), typeof(ImportRejectedErrorType));

public sealed class CreateLeadPayloadType() : PayloadType<LeadType, Lead, CreateLeadErrorType>("createLead", "lead");

public sealed class BulkImportLeadsPayloadType() : PayloadType<LeadImportType, LeadImportResult, BulkImportLeadsErrorType>("bulkImportLeads", "import");
