using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MemberTotp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PendingTotpSecret",
                table: "MemberCredentials",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecoveryCodeHashes",
                table: "MemberCredentials",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<DateTime>(
                name: "TotpEnabledAt",
                table: "MemberCredentials",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TotpLastStep",
                table: "MemberCredentials",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TotpSecret",
                table: "MemberCredentials",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PendingTotpSecret",
                table: "MemberCredentials");

            migrationBuilder.DropColumn(
                name: "RecoveryCodeHashes",
                table: "MemberCredentials");

            migrationBuilder.DropColumn(
                name: "TotpEnabledAt",
                table: "MemberCredentials");

            migrationBuilder.DropColumn(
                name: "TotpLastStep",
                table: "MemberCredentials");

            migrationBuilder.DropColumn(
                name: "TotpSecret",
                table: "MemberCredentials");
        }
    }
}
