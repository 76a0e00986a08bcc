#!/usr/bin/env python3
"""Lawful call openings for the second opinion's training (models/second-opinion/train/writer00.tsv):
greetings, name checks and forms of address, generated from templates with a fixed seed. The typed-text
model had read a bare name in a greeting (喂，老周吗？) as abuse.

Usage: python bench/make_call_openings.py > models/second-opinion/train/writer00.tsv
"""

import random

rng = random.Random(20261201)
SUR = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤苟牛羊"
)
GIV = [
    "建国",
    "秀英",
    "伟",
    "芳",
    "志强",
    "丽华",
    "德顺",
    "文海",
    "小军",
    "海波",
    "桂兰",
    "红梅",
    "国强",
    "玉兰",
    "明",
    "静",
    "磊",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "大海",
    "二毛",
    "铁柱",
    "翠花",
    "宝山",
    "春燕",
    "晓东",
    "子豪",
    "欣怡",
    "浩然",
    "梓涵",
    "大明",
    "金凤",
    "满仓",
    "来福",
]
FORMS = [
    "{s}{g}",
    "{s}{g}",
    "{s}{g}",
    "老{s}",
    "小{s}",
    "{s}师傅",
    "{s}老师",
    "{s}先生",
    "{s}女士",
    "{s}阿姨",
    "{s}叔",
    "{s}姐",
    "{s}哥",
    "{s}总",
    "{s}经理",
    "{s}大爷",
    "{s}大妈",
    "{g}",
    "{s}{g}同志",
    "{s}{g}家属",
]
PRE = ["喂，", "喂，", "喂，你好，", "喂，您好，", "您好，", "你好，", "", "", "喂喂，"]
CORE = [
    "是{n}吗？",
    "请问是{n}吗？",
    "{n}是吧？",
    "是{n}本人吗？",
    "{n}吗？",
    "请问您是{n}吗？",
    "{n}在吗？",
    "找一下{n}。",
    "是{n}吧？",
    "您是{n}对吧？",
    "{n}，你好。",
    "请问{n}在家吗？",
    "是{n}的电话吗？",
    "我找{n}，他在吗？",
    "{n}，听得到吗？",
]
TAIL = [
    "",
    "",
    "",
    "我这边是{o}的。",
    "方便说话吗？",
    "现在方便接电话吗？",
    "我是{o}的客服。",
    "打扰您一下。",
    "我姓{s2}。",
    "信号不太好，您大点声。",
]
ORG = [
    "招商银行信用卡中心",
    "平安普惠",
    "中原消费金融",
    "马上消费金融",
    "京东金融",
    "度小满",
    "招联金融",
    "宜信",
    "金诚律师事务所",
]
OTHER = [
    "喂？喂？听得到吗？",
    "喂，哪位？",
    "你好，你找谁？",
    "喂，什么事？",
    "您现在方便说话吗？",
    "您在开车吗？那我晚点再打。",
    "喂，能听清吗？信号不好。",
    "我是，你哪位？",
    "对，是我，什么事？",
    "嗯，我就是，您说。",
    "不是，你打错了。",
    "他不在，你找他什么事？",
    "喂，谁啊？",
    "是我，你是哪个？",
    "喂，你好，这里是客服中心。",
    "您好，打扰了，耽误您一分钟。",
    "喂，师傅，您好。",
    "老哥，您好。",
    "大姐您好。",
    "阿姨好，吃饭了没？",
]
lines = set()
while len(lines) < 180:
    s, g = rng.choice(SUR), rng.choice(GIV)
    n = rng.choice(FORMS).format(s=s, g=g)
    t = rng.choice(PRE) + rng.choice(CORE).format(n=n) + rng.choice(TAIL).format(o=rng.choice(ORG), s2=rng.choice(SUR))
    lines.add(t)
lines |= set(OTHER)
print(
    "# label\tsentence\t(writer00: lawful call openings - greetings, name checks, forms of address - "
    "generated from templates by the evidence maintainers so the model does not read a bare name as abuse)"
)
for t in sorted(lines):
    print(f"lawful\t{t}")
