using HeadlessSales.Api.GraphQL.Transport;

namespace HeadlessSales.Api.Tests.Platform;

/// <summary>The one rule for a file part's name, case by case; the upload tests send the same names over HTTP.</summary>
public sealed class UploadFileNameTests
{
    [Theory]
    [InlineData("form-data; name=\"0\"; filename=\"offer.pdf\"", "offer.pdf")]
    [InlineData("form-data; name=\"0\"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7.pdf", "报价.pdf")]
    [InlineData("form-data; name=\"0\"; filename=\"fallback.pdf\"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7.pdf", "报价.pdf")]
    [InlineData("form-data; name=\"0\"", null)]
    public void FromDisposition_PrefersFileNameStar_AndFallsBackToFileName(string header, string? expected) =>
        Assert.Equal(expected, UploadFileName.FromDisposition(header));

    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\offer.pdf", "offer.pdf")]
    [InlineData("a\u0000b\r\nc\t.pdf", "abc.pdf")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("  spaced.pdf  ", "spaced.pdf")]
    [InlineData("dir/", "")]
    [InlineData("..", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Sanitize_KeepsTheLastSegment_WithoutControlOrFormatCharacters(string? raw, string expected) =>
        Assert.Equal(expected, UploadFileName.Sanitize(raw));

    [Fact]
    public void Sanitize_ShortensA300CharacterName_KeepingTheExtension()
    {
        var name = UploadFileName.Sanitize(new string('a', 296) + ".pdf");

        Assert.Equal(UploadFileName.MaxLength, name.Length);
        Assert.EndsWith("a.pdf", name);
    }

    [Fact]
    public void Sanitize_NeverCutsASurrogatePair()
    {
        // 😀 is two UTF-16 code units; 127 of them put a pair across the cut at 251 (255 less ".pdf").
        var name = UploadFileName.Sanitize(string.Concat(Enumerable.Repeat("😀", 127)) + ".pdf");

        Assert.True(name.Length <= UploadFileName.MaxLength);
        Assert.EndsWith(".pdf", name);
        Assert.False(char.IsHighSurrogate(name[^5]));
    }
}
