namespace Pipeline.Connectors.Atlassian;

/// <summary>Where the Atlassian product runs; decides the REST version, paging style and body format.</summary>
public enum AtlassianDeployment
{
    /// <summary>*.atlassian.net: Jira REST v3 (ADF bodies, token-paged search), API token over Basic.</summary>
    Cloud,

    /// <summary>Self-hosted Data Center / Server: Jira REST v2 (wiki-markup bodies, offset-paged search), PAT over Bearer.</summary>
    DataCenter,
}
