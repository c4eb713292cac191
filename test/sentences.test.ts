import { describe, expect, it } from "vitest";
import { splitSentences } from "../pipeline/stages/sentences.js";

describe("splitSentences", () => {
  it("splits at 。！？；, keeps runs of terminators, and trims leading spaces", () => {
    const t = "经审理查明：被告人张某出售银行卡。。 其获利5000元！\n本院认为；应予处罚？";
    expect(splitSentences(t).map((s) => t.slice(s.start, s.end))).toEqual(["经审理查明：被告人张某出售银行卡。。", "其获利5000元！", "本院认为；", "应予处罚？"]);
  });

  it("ends a sentence at a line break and at the end of the window", () => {
    const t = "第一句\n\n第二句没有句号";
    expect(splitSentences(t).map((s) => t.slice(s.start, s.end))).toEqual(["第一句\n", "第二句没有句号"]);
    expect(splitSentences(t, 1, 6).map((s) => t.slice(s.start, s.end))).toEqual(["一句\n", "第"]);
  });

  it("takes the caller's terminators (whole sentences across ；)", () => {
    const t = "甲；乙。丙";
    expect(splitSentences(t, 0, t.length, /[。！!？?]/).map((s) => t.slice(s.start, s.end))).toEqual(["甲；乙。", "丙"]);
  });
});
