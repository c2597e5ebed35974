namespace Arena.Data;

/// <summary>The Identity roles Arena grants; shared by the server and <c>arena admin</c>.</summary>
public static class ArenaRoles
{
    public const string Admin = "admin";
    public const string Organizer = "organizer";
}
