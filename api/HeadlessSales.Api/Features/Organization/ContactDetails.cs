using System.Net.Mail;

namespace HeadlessSales.Api.Features.Organization;

/// <summary>
/// The one set of rules for phone numbers and email addresses, whoever they belong to: leads, contacts and members
/// are checked and normalized alike, so a lead's details still pass when it converts into a contact.
/// </summary>
public static class ContactDetails
{
    public const int PhoneMaxLength = 32;
    public const int EmailMaxLength = 254;
    public const int PhoneMinDigits = 7;

    /// <summary>ITU E.164 allows at most 15 digits, country code included.</summary>
    public const int PhoneMaxDigits = 15;

    /// <summary>A phone number as stored: trimmed; null when blank.</summary>
    public static string? NormalizePhone(string? phone) => phone?.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    /// <summary>An email address as stored: trimmed and lower-case; null when blank.</summary>
    public static string? NormalizeEmail(string? email) => email?.Trim() is { Length: > 0 } trimmed ? trimmed.ToLowerInvariant() : null;

    /// <returns>Why the normalized <paramref name="phone"/> is not a phone number, or null when it is one.</returns>
    public static string? CheckPhone(string phone)
    {
        var plusAtStartOnly = phone.LastIndexOf('+') <= 0;
        var allowed = phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')');
        var digits = phone.Count(char.IsAsciiDigit);
        return allowed && plusAtStartOnly && digits is >= PhoneMinDigits and <= PhoneMaxDigits ? null : $"'{phone}' is not a phone number.";
    }

    /// <returns>Why the normalized <paramref name="email"/> is not an email address, or null when it is one.</returns>
    /// <remarks>A bare host (a@localhost) is refused: a customer's or colleague's address has a domain with a dot.</remarks>
    public static string? CheckEmail(string email) =>
        MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.Host.Contains('.', StringComparison.Ordinal)
            ? null
            : $"'{email}' is not an email address.";
}
