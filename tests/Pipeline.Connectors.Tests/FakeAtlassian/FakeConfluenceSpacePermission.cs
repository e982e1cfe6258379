namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>One v2 space permission assignment: a principal (<c>user</c>, <c>group</c>, <c>access_class</c>, <c>role</c>…) and an operation.</summary>
public sealed record FakeConfluenceSpacePermission(string PrincipalType, string PrincipalId, string OperationKey, string TargetType);
