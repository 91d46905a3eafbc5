using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecoveryCodeHashes",
                table: "MemberCredentials",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<DateTime>(
                name: "TotpEnabledAt",
                table: "MemberCredentials",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TotpLastStep",
                table: "MemberCredentials",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TotpSecret",
                table: "MemberCredentials",
                type: "TEXT",
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
