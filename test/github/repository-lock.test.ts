import { withRepositoryLock } from "../../src/github/publish/repository-lock.js";

describe("the per-repository publish lock", () => {
  it("runs find-or-create steps of one repository one after the other, so only one issue is created", async () => {
    const issues: string[] = [];
    const findOrCreate = (who: string) =>
      withRepositoryLock("Conf/Paper-1", async () => {
        const found = issues.length > 0;
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (!found) issues.push(who);
      });
    await Promise.all([findOrCreate("push"), findOrCreate("submission"), findOrCreate("recheck")]);
    expect(issues).toEqual(["push"]);
  });

  it("does not hold up other repositories, and survives a failing step", async () => {
    const order: string[] = [];
    const slow = withRepositoryLock("conf/a", async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push("a");
      throw new Error("GitHub said no");
    });
    const other = withRepositoryLock("conf/b", async () => order.push("b"));
    const next = withRepositoryLock("conf/a", async () => order.push("a again"));
    await expect(slow).rejects.toThrow("GitHub said no");
    await Promise.all([other, next]);
    expect(order).toEqual(["b", "a", "a again"]);
  });
});
