using Hangfire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Models;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// The Models page's buttons, running the same services as <c>./pipeline models</c>. A refusal the operator can act
/// on (<see cref="ModelSwitchRefusedException"/>, an unknown job or model) is the page's answer with its status code,
/// not a 500. Build is queued on Hangfire with the request's client, as "Sync now" is.
/// </summary>
public static class ModelsPageActions
{
    public const string Plan = "plan";
    public const string Build = "build";
    public const string Activate = "activate";
    public const string Drop = "drop";

    public static async Task<(int Status, ModelsPageResult Result)> RunAsync(PageRequest request, string action, string job, string model, bool force)
    {
        var services = request.Services;
        try
        {
            var result = action switch
            {
                Plan => await PlanAsync(services, job, model, request.Cancellation),
                Build => await BuildAsync(services, job, model, request.Cancellation),
                Activate => await ActivateAsync(services, job, model, force, request.Cancellation),
                Drop => new ModelsPageResult(job, true,
                    $"Removed {await services.GetRequiredService<ModelSwitch>().DropAsync(job, model, request.Cancellation)} vectors of {model} from job {job}."),
                _ => throw new ArgumentException($"no action '{action}'"),
            };
            return (StatusCodes.Status200OK, result);
        }
        catch (ModelSwitchRefusedException refused)
        {
            return (StatusCodes.Status409Conflict, new ModelsPageResult(job, false, refused.Message));
        }
        catch (ArgumentException wrong)
        {
            return (StatusCodes.Status400BadRequest, new ModelsPageResult(job, false, wrong.Message));
        }
    }

    private static async Task<ModelsPageResult> PlanAsync(IServiceProvider services, string job, string model, CancellationToken cancellationToken)
    {
        var plan = await services.GetRequiredService<ModelPlanner>().PlanAsync(job, model, cancellationToken);
        return new ModelsPageResult(job, true, $"Plan for {plan.Model} on job {job} (active {plan.ActiveModel}):", plan);
    }

    private static async Task<ModelsPageResult> BuildAsync(IServiceProvider services, string job, string model, CancellationToken cancellationToken)
    {
        var build = await services.GetRequiredService<ModelSwitch>().OpenBuildAsync(job, model, cancellationToken);
        var id = ModelBuildQueue.Enqueue(services.GetRequiredService<IBackgroundJobClient>(), build);
        return new ModelsPageResult(job, true,
            $"Build #{build.Id} of {build.Model} for job {job} queued as Hangfire job {id}: {build.ChunksTotal} chunks to embed, planned {build.EstimatedSeconds ?? 0:0.0} s.");
    }

    private static async Task<ModelsPageResult> ActivateAsync(IServiceProvider services, string job, string model, bool force, CancellationToken cancellationToken)
    {
        var done = await services.GetRequiredService<ModelSwitch>().ActivateAsync(job, model, force, cancellationToken);
        return new ModelsPageResult(job, true, $"Job {job}: active model {done.PreviousModel} → {done.Model}{(done.Forced ? " (forced past a lower score)" : "")}. "
            + "The previous model's vectors stay until Drop.");
    }
}
