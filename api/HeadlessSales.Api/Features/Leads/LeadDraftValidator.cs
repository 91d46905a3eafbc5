using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Errors;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>
/// A lead as a caller gave it, before any rule ran: texts untrimmed, product codes as typed. The enums are already
/// read, by the schema for <c>createLead</c> and from their codes for an import, which reports a code it cannot read.
/// </summary>
public sealed record LeadDraftValues(
    string? Name,
    string? Company,
    string? Phone,
    string? Email,
    Industry Industry,
    string? Province,
    LeadSource Source,
    IReadOnlyList<string> ProductInterests,
    CompanySize? EstimatedSize);

/// <summary>The outcome of <see cref="LeadDraftValidator.Validate"/>: the normalized draft, or every rule it broke.</summary>
public sealed record LeadDraftValidation(LeadDraft? Draft, IReadOnlyList<UserError> Errors);

/// <summary>
/// The rules a new lead must meet, whether it comes from <c>createLead</c> or a row of <c>bulkImportLeads</c>.
/// Errors name the draft's fields (<see cref="Fields"/>); each caller says how it reports a field: the mutation
/// as <c>input.phone</c>, the import by its column.
/// </summary>
public static class LeadDraftValidator
{
    /// <summary>The names the validator gives the fields of a draft.</summary>
    public static class Fields
    {
        public const string Name = "name";
        public const string Company = "company";
        public const string Phone = "phone";
        public const string Email = "email";
        public const string Province = "province";
        public const string ProductInterests = "productInterests";
    }

    /// <param name="values">The lead as given.</param>
    /// <param name="knownProductCodes">The tenant's active product codes (<see cref="LeadRules.ProductCodesAsync"/>); only read when the lead names products.</param>
    /// <param name="reportAs">How the caller names a field of <see cref="Fields"/> in its errors.</param>
    public static LeadDraftValidation Validate(LeadDraftValues values, IReadOnlySet<string> knownProductCodes, Func<string, string> reportAs)
    {
        var errors = new List<UserError>();

        string? Text(string field, string? given, int maxLength)
        {
            var text = given?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
            if (text is not null && text.Length > maxLength)
            {
                errors.Add(new ValidationError(reportAs(field), $"`{field}` must be at most {maxLength} characters."));
                return null;
            }

            return text;
        }

        var name = Text(Fields.Name, values.Name, LeadRules.NameMaxLength);
        if (string.IsNullOrWhiteSpace(values.Name))
        {
            errors.Add(new ValidationError(reportAs(Fields.Name), "`name` must not be blank."));
        }

        var company = Text(Fields.Company, values.Company, LeadRules.CompanyMaxLength);
        var phone = Text(Fields.Phone, ContactDetails.NormalizePhone(values.Phone), ContactDetails.PhoneMaxLength);
        if (phone is not null && ContactDetails.CheckPhone(phone) is { } badPhone)
        {
            errors.Add(new ValidationError(reportAs(Fields.Phone), badPhone));
        }

        var email = Text(Fields.Email, ContactDetails.NormalizeEmail(values.Email), ContactDetails.EmailMaxLength);
        if (email is not null && ContactDetails.CheckEmail(email) is { } badEmail)
        {
            errors.Add(new ValidationError(reportAs(Fields.Email), badEmail));
        }

        if (string.IsNullOrWhiteSpace(values.Phone) && string.IsNullOrWhiteSpace(values.Email))
        {
            errors.Add(new ValidationError(reportAs(Fields.Phone), "A lead needs a phone number or an email address."));
        }

        var products = LeadRules.NormalizeProductCodes(values.ProductInterests);
        errors.AddRange(products.Where(p => !knownProductCodes.Contains(p)).Select(p => new UnknownCodeError(reportAs(Fields.ProductInterests), p)));
        if (products.Count > LeadRules.MaxProductInterests)
        {
            errors.Add(new ValidationError(reportAs(Fields.ProductInterests), $"At most {LeadRules.MaxProductInterests} products per lead."));
        }

        var province = Text(Fields.Province, values.Province, LeadRules.ProvinceMaxLength);
        return errors.Count > 0
            ? new LeadDraftValidation(null, errors)
            : new LeadDraftValidation(new LeadDraft(name!, company, phone, email, values.Industry, province, values.Source, products, values.EstimatedSize), errors);
    }
}
