using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace HeadlessSales.Api.Identity;

/// <summary>
/// Token keys that survive a restart: from configuration in production, otherwise made once and kept
/// as PEM files in the data folder, so tokens issued before a restart stay valid after it.
/// </summary>
public static class SigningKeys
{
    public static RsaSecurityKey Load(string? configuredPem, string dataFolder, string name)
    {
        var rsa = RSA.Create();
        if (!string.IsNullOrWhiteSpace(configuredPem))
        {
            rsa.ImportFromPem(configuredPem);
            return new RsaSecurityKey(rsa) { KeyId = KeyIdOf(rsa) };
        }

        var folder = Path.Combine(dataFolder, "keys");
        var path = Path.Combine(folder, name + ".pem");
        if (File.Exists(path))
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            Directory.CreateDirectory(folder);
            rsa.KeySize = 2048;
            var pem = rsa.ExportPkcs8PrivateKeyPem();
            // Written beside, then moved, so two nodes starting together never read half a key.
            var temporary = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temporary, pem);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temporary);
                rsa.ImportFromPem(File.ReadAllText(path));
            }
        }

        return new RsaSecurityKey(rsa) { KeyId = KeyIdOf(rsa) };
    }

    private static string KeyIdOf(RSA rsa) =>
        Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16];
}
