using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamVault.Data.Migrations
{
    /// <inheritdoc />
    public partial class MediaMirrorUrl : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MirrorUrl",
                table: "MediaFiles",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MirrorUrl",
                table: "MediaFiles");
        }
    }
}
