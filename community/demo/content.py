"""Demo content of the fictional brand "Aurora Audio" (headphones and speakers). Obviously demo:
every account is named as such in its bio, and `flask demo clear` removes it all."""

USERS = [
    {
        "username": "aurora_admin",
        "email": "admin@demo.aurora.example",
        "role": "admin",
        "bio": "Demo admin account.",
        "joined_days_ago": 400,
    },
    {
        "username": "mod_lin",
        "email": "lin@demo.aurora.example",
        "role": "moderator",
        "bio": "Demo moderator. 演示版主。",
        "locale": "zh",
        "joined_days_ago": 380,
    },
    {
        "username": "amb_sarah",
        "email": "sarah@demo.aurora.example",
        "role": "ambassador",
        "bio": "Demo brand ambassador (support team).",
        "joined_days_ago": 360,
    },
    {
        "username": "amb_wei",
        "email": "wei@demo.aurora.example",
        "role": "ambassador",
        "bio": "演示品牌大使，售后团队。",
        "locale": "zh",
        "joined_days_ago": 350,
    },
    {
        "username": "tom_runs",
        "email": "tom@demo.aurora.example",
        "role": "member",
        "bio": "Demo member. Runner, commuter.",
        "trust_level": 2,
        "joined_days_ago": 300,
    },
    {
        "username": "林小雨",
        "email": "xiaoyu@demo.aurora.example",
        "role": "member",
        "bio": "演示用户，喜欢听音乐。",
        "locale": "zh",
        "trust_level": 2,
        "joined_days_ago": 280,
    },
    {
        "username": "maria_k",
        "email": "maria@demo.aurora.example",
        "role": "member",
        "bio": "Demo member.",
        "trust_level": 1,
        "joined_days_ago": 200,
    },
    {
        "username": "张师傅",
        "email": "laozhang@demo.aurora.example",
        "role": "member",
        "bio": "演示用户。",
        "locale": "zh",
        "trust_level": 1,
        "joined_days_ago": 150,
    },
    {
        "username": "newbie_dan",
        "email": "dan@demo.aurora.example",
        "role": "member",
        "bio": "Demo member, new here.",
        "trust_level": 0,
        "joined_days_ago": 10,
    },
]

CATEGORIES = [
    {
        "slug": "headphones",
        "name": "Headphones · 耳机",
        "description": "Aurora Pulse and Aurora Buds: questions, tips and stories. 耳机的问题、技巧和使用体验。",
    },
    {
        "slug": "speakers",
        "name": "Speakers · 音箱",
        "description": "Aurora Boom speakers at home and outdoors. 音箱在家和户外。",
    },
    {
        "slug": "app-firmware",
        "name": "App & firmware · 应用与固件",
        "description": "The Aurora app, updates and connectivity. 应用、更新与连接。",
    },
    {
        "slug": "lounge",
        "name": "Lounge · 闲聊",
        "description": "Everything else about music and gear. 其他音乐与设备话题。",
    },
    {
        "slug": "staff-room",
        "name": "Staff room",
        "description": "Staff only: coordination.",
        "staff_only": True,
    },
]

# Threads: about half Chinese, half English; questions with answers (often from the ambassadors),
# experiences (praise and complaints), discussions. days_ago spreads over ~180 days so weekly
# trends have something to show. Replies come `after_hours` after the thread starts.
THREADS: list[dict] = [
    # --- Aurora Pulse (over-ear ANC) --------------------------------------------------------
    {
        "category": "headphones",
        "kind": "question",
        "author": "tom_runs",
        "days_ago": 176,
        "title": "Aurora Pulse: ANC makes a faint hiss in quiet rooms. Normal?",
        "body": "Got my Pulse last week. In a silent bedroom with noise cancelling on and no music, "
        "I hear a faint hiss. On the train it is gone. Is my pair faulty?",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 2,
                "body": "A very faint hiss with ANC on and nothing playing is normal for "
                "feed-forward microphones. If it gets louder on one side, or you hear crackling, that is not normal: "
                "send us a short recording and we will look at it.",
            },
            {
                "author": "maria_k",
                "after_hours": 5,
                "body": "Same on mine. I stopped noticing after two days.",
            },
            {
                "author": "tom_runs",
                "after_hours": 30,
                "body": "Thanks both. It is the same on both sides, so I will live with it.",
            },
        ],
    },
    {
        "category": "headphones",
        "kind": "experience",
        "author": "林小雨",
        "days_ago": 168,
        "title": "Aurora Pulse 用了两个月：降噪很强，但夏天戴着有点闷",
        "body": "优点：\n\n- 降噪在地铁上效果非常明显，通勤一个小时基本听不到报站以外的声音\n- 续航很扎实，一周充一次电\n\n"
        "缺点：\n\n- **佩戴舒适**度一般，夏天超过两个小时耳朵会出汗\n- 头梁压力偏大，戴眼镜的朋友要注意\n\n"
        "总体还是推荐，音质偏暖，听人声很舒服。",
        "replies": [
            {
                "author": "张师傅",
                "after_hours": 4,
                "body": "同感，头梁夹得有点紧。我把它撑在书上放了两晚，松了一点。",
            },
            {
                "author": "amb_wei",
                "after_hours": 6,
                "body": "谢谢分享！夏天可以考虑我们的透气耳罩套（蛋白皮换成织物），"
                "售后可以单独购买。头梁夹力一般使用两周左右会自然放松。",
            },
        ],
    },
    {
        "category": "headphones",
        "kind": "question",
        "author": "张师傅",
        "days_ago": 160,
        "title": "Pulse 连接电脑时声音断断续续怎么办？",
        "body": "手机上一切正常，连 Windows 笔记本看视频时每隔几分钟就卡一下，蓝牙驱动已经更新过了。",
        "replies": [
            {
                "author": "amb_wei",
                "after_hours": 3,
                "body": "可以试试这几步：\n\n1. 在 Windows 蓝牙设置里删除 Pulse，重新配对\n"
                "2. 关闭笔记本的蓝牙省电（设备管理器 → 蓝牙适配器 → 电源管理）\n3. 如果电脑同时连着蓝牙鼠标，先断开试试\n\n"
                "多数情况是第 2 步的问题。",
            },
            {"author": "张师傅", "after_hours": 20, "body": "关掉省电就好了！谢谢大使。"},
            {"author": "林小雨", "after_hours": 26, "body": "收藏了，我的 Buds 也遇到过类似情况。"},
        ],
    },
    {
        "category": "headphones",
        "kind": "experience",
        "author": "maria_k",
        "days_ago": 151,
        "title": "Disappointed: Pulse battery dropped to 20 hours after six months",
        "body": "When new I measured about 30 hours with ANC on. Now, six months later, I get barely 20. "
        "I charge every night, maybe that was a mistake? For headphones at this price I expected better.",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 3,
                "body": "Sorry to hear that. Charging every night should not wear the "
                "battery that fast. Could you open the app, go to Device > Battery health and tell me the percentage? "
                "Below 85% within the first year is covered by the warranty.",
            },
            {
                "author": "maria_k",
                "after_hours": 28,
                "body": "It says 78%. Sent the request through the app.",
            },
            {
                "author": "amb_sarah",
                "after_hours": 31,
                "body": "Got it, a replacement is on its way. I will update this thread "
                "when we know more about that batch.",
            },
            {
                "author": "maria_k",
                "after_hours": 170,
                "body": "Replacement arrived, 31 hours on the first charge. "
                "Good service, even if I would rather not have needed it.",
            },
        ],
    },
    {
        "category": "headphones",
        "kind": "question",
        "author": "newbie_dan",
        "days_ago": 9,
        "title": "Can I use the Pulse with a cable on a plane?",
        "body": "Flying next week. Does the 3.5 mm cable work when the battery is empty? And does ANC work with the cable?",
        "replies": [
            {
                "author": "tom_runs",
                "after_hours": 1,
                "body": "Cable works with the battery dead, but then no ANC. "
                "With battery, ANC works over the cable too.",
            },
            {
                "author": "amb_sarah",
                "after_hours": 2,
                "body": "Exactly as Tom says. The airplane adapter is in the case pocket.",
            },
        ],
    },
    {
        "category": "headphones",
        "kind": "discussion",
        "author": "tom_runs",
        "days_ago": 120,
        "title": "Pulse EQ presets: which one do you actually use?",
        "body": "I keep switching between Balanced and Vocal. Bass Boost is too much for me. What about you?",
        "replies": [
            {
                "author": "maria_k",
                "after_hours": 5,
                "body": "Custom: -2 dB at 250 Hz, +1 dB at 4 kHz. Cleaner voices in podcasts.",
            },
            {
                "author": "林小雨",
                "after_hours": 9,
                "body": "我一直用 Balanced，偶尔听电子乐开 Bass Boost。",
            },
            {
                "author": "newbie_dan",
                "after_hours": 50,
                "body": "Bass Boost all the way, sorry not sorry.",
            },
        ],
    },
    # --- Aurora Buds (true wireless) ---------------------------------------------------------
    {
        "category": "headphones",
        "kind": "question",
        "author": "林小雨",
        "days_ago": 172,
        "title": "Aurora Buds 左耳经常连不上，需要放回盒子才好",
        "body": "右耳一直正常，左耳大概每天一次会突然没声音，放回充电盒再拿出来就好了。这是硬件问题吗？",
        "replies": [
            {
                "author": "amb_wei",
                "after_hours": 2,
                "body": "先请在 App 里把固件升级到 1.8.2，这个版本修复了左耳掉线的问题。"
                "如果升级后还会出现，请把两只耳机放回盒子，按住盒子按钮 10 秒重置。",
            },
            {"author": "林小雨", "after_hours": 48, "body": "升级之后两天没再掉线了，先观察一下。"},
            {"author": "amb_wei", "after_hours": 52, "body": "好的，有问题随时在这里回复。"},
        ],
    },
    {
        "category": "headphones",
        "kind": "experience",
        "author": "tom_runs",
        "days_ago": 140,
        "title": "Aurora Buds for running: they stay in, sweat is no problem",
        "body": "Ran a half marathon with the Buds. With the medium wing tips they did not move once. "
        "Sound is good enough outdoors; the transparency mode is great for traffic. Battery: 21 km, still 60%.",
        "replies": [
            {
                "author": "maria_k",
                "after_hours": 8,
                "body": "Which ear tips? The default ones fall out of my ears.",
            },
            {
                "author": "tom_runs",
                "after_hours": 10,
                "body": "Default size M, but with the wings. Try size L tips with the small wings.",
            },
        ],
    },
    {
        "category": "headphones",
        "kind": "experience",
        "author": "张师傅",
        "days_ago": 133,
        "title": "Buds 充电盒的盖子松了，售后体验一般",
        "body": "用了四个月盒盖开始晃动，联系售后等了五天才有人回复，最后给换了新盒子。东西没问题，但是回复速度希望能快一点。",
        "replies": [
            {
                "author": "amb_wei",
                "after_hours": 5,
                "body": "很抱歉让您久等了。那段时间正好是假期，工单积压比较多，"
                "我们已经增加了值班人手。您的反馈我也转给了售后团队负责人。",
            },
            {
                "author": "mod_lin",
                "after_hours": 8,
                "body": "也提醒大家：在社区发帖的同时，请在 App 里提交工单，这样处理最快。",
            },
        ],
    },
    {
        "category": "headphones",
        "kind": "question",
        "author": "maria_k",
        "days_ago": 98,
        "title": "Buds: how do I turn off the touch controls?",
        "body": "Every time I adjust them under my hat the music pauses. Can I disable touch, or change what a tap does?",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 1,
                "body": 'App > Buds > Controls. You can set single tap to "None" '
                "on either side, and keep double tap for play/pause.",
            },
            {
                "author": "maria_k",
                "after_hours": 3,
                "body": "Perfect, single tap off on both sides. Thank you!",
            },
        ],
    },
    {
        "category": "headphones",
        "kind": "experience",
        "author": "林小雨",
        "days_ago": 61,
        "title": "Buds 降噪比 Pulse 弱，但是通勤足够了",
        "body": "对比了一下两款耳机的降噪：Pulse 在飞机上明显更强，Buds 对低频轰鸣的压制弱一些。"
        "但是 Buds 小巧，放口袋里随时用，日常地铁通勤完全够了。**音质**方面 Buds 人声更靠前。",
        "replies": [
            {
                "author": "tom_runs",
                "after_hours": 6,
                "body": "Agree with this. Pulse for flights, Buds for everything else.",
            },
        ],
    },
    {
        "category": "headphones",
        "kind": "question",
        "author": "newbie_dan",
        "days_ago": 4,
        "title": "Buds only charge to 90% – is that a bug?",
        "body": "The app shows 90% and never more, even after a whole night in the case.",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 2,
                "body": 'That is the "Battery care" option: it stops at 90% to make '
                "the battery last longer. You can turn it off in App > Buds > Battery.",
            },
            {
                "author": "newbie_dan",
                "after_hours": 4,
                "body": "Ah, I turned it on during setup without reading. Makes sense, I will keep it.",
            },
        ],
    },
    # --- Aurora Boom (portable speaker) -----------------------------------------------------
    {
        "category": "speakers",
        "kind": "experience",
        "author": "tom_runs",
        "days_ago": 165,
        "title": "Aurora Boom on a camping weekend: loud, tough, 2 days of music",
        "body": "Took the Boom camping. It survived rain and a fall onto rocks. Two evenings of music at half volume "
        "used about 55% of the battery. Bass is surprisingly deep for the size.",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 12,
                "body": "Love this! The Boom is IP67, so rain is fine. Rocks, we prefer you avoid.",
            },
            {
                "author": "张师傅",
                "after_hours": 20,
                "body": "户外续航确实不错，我钓鱼一整天也才用掉三分之一。",
            },
        ],
    },
    {
        "category": "speakers",
        "kind": "question",
        "author": "maria_k",
        "days_ago": 147,
        "title": "Pairing two Boom speakers for stereo: the second one never joins",
        "body": "I bought a second Boom for stereo. The first connects to my phone, but pressing the link button "
        "on both does nothing. What am I missing?",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 4,
                "body": "Both speakers need the same firmware. Update each one in the app "
                "first (they update one at a time). Then hold the link button for 3 seconds on the first speaker only; "
                "the second joins by itself.",
            },
            {
                "author": "tom_runs",
                "after_hours": 6,
                "body": "Had the same problem, the firmware mismatch was it.",
            },
            {
                "author": "maria_k",
                "after_hours": 26,
                "body": "Firmware was the answer. Stereo works, it sounds great.",
            },
        ],
    },
    {
        "category": "speakers",
        "kind": "question",
        "author": "张师傅",
        "days_ago": 128,
        "title": "Boom 音箱音量调到最大有破音，正常吗？",
        "body": "在客厅放流行音乐，音量开到最大时低音有明显的破音。开到 80% 就没有了。",
        "replies": [
            {
                "author": "amb_wei",
                "after_hours": 3,
                "body": "最大音量时建议在 App 里打开“户外模式”，它会自动收一点低频，避免破音。"
                "如果 60% 音量也有破音，那可能是喇叭问题，请联系售后。",
            },
            {"author": "张师傅", "after_hours": 10, "body": "打开户外模式后好多了，谢谢。"},
        ],
    },
    {
        "category": "speakers",
        "kind": "experience",
        "author": "林小雨",
        "days_ago": 102,
        "title": "Boom 放在浴室一个月，防水确实靠谱",
        "body": "每天洗澡都放着听歌，溅到水完全没问题。唯一的不足是充电口的橡胶盖不太好盖严，要注意。",
        "replies": [
            {
                "author": "amb_wei",
                "after_hours": 7,
                "body": "提醒大家：充电口盖子一定要盖紧才有 IP67 防水。谢谢小雨的分享！",
            },
        ],
    },
    {
        "category": "speakers",
        "kind": "experience",
        "author": "maria_k",
        "days_ago": 47,
        "title": "The Boom's auto-off is too aggressive",
        "body": "It switches off after 10 minutes without audio. When I pause a podcast to cook, it is off when I come back "
        "and I have to reconnect. Please make this configurable.",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 5,
                "body": "Good news: firmware 3.1 (rolling out this month) lets you choose "
                "10, 30, 60 minutes or never in the app. I passed your vote on to the team.",
            },
            {"author": "tom_runs", "after_hours": 9, "body": "+1, 30 minutes would be perfect."},
        ],
    },
    {
        "category": "speakers",
        "kind": "question",
        "author": "newbie_dan",
        "days_ago": 2,
        "title": "Can the Boom charge my phone?",
        "body": "I read somewhere that it works as a power bank. Is that true?",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 1,
                "body": "Yes: plug your phone into the USB-A port on the back. "
                "It stops at 20% speaker battery so you still have music.",
            },
        ],
    },
    # --- App & firmware ----------------------------------------------------------------------
    {
        "category": "app-firmware",
        "kind": "question",
        "author": "林小雨",
        "days_ago": 158,
        "title": "Aurora App 一直提示“找不到设备”",
        "body": "安卓手机，蓝牙已经连上了耳机，但是打开 App 一直显示找不到设备。已经给了定位权限。",
        "replies": [
            {
                "author": "amb_wei",
                "after_hours": 2,
                "body": "安卓 12 以上还需要“附近设备”权限：设置 → 应用 → Aurora → 权限 → 附近设备，"
                "选择允许。另外请关闭省电模式再试一次。",
            },
            {"author": "林小雨", "after_hours": 3, "body": "是附近设备权限的问题，现在可以了！"},
        ],
    },
    {
        "category": "app-firmware",
        "kind": "experience",
        "author": "张师傅",
        "days_ago": 115,
        "title": "新版 App 界面好看了，但是找均衡器要点好几下",
        "body": "2.0 版本界面清爽很多，但是均衡器藏到了“声音”→“高级”里面，我每天都要调，希望能放回首页。",
        "replies": [
            {
                "author": "amb_wei",
                "after_hours": 6,
                "body": "收到，已经反馈给 App 团队。目前可以在首页长按卡片，把均衡器固定到首页。",
            },
            {"author": "林小雨", "after_hours": 11, "body": "原来还能长按固定，学到了。"},
            {"author": "张师傅", "after_hours": 14, "body": "固定好了，好用多了。"},
        ],
    },
    {
        "category": "app-firmware",
        "kind": "question",
        "author": "tom_runs",
        "days_ago": 90,
        "title": "Firmware update stuck at 45% on the Pulse",
        "body": "The update has been sitting at 45% for twenty minutes. Is it safe to close the app?",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 1,
                "body": "Yes, it is safe: the headphones keep the old firmware until the new "
                "one is fully verified. Put the phone next to the headphones, turn Wi-Fi off (some routers interfere on 2.4 GHz) "
                "and start again.",
            },
            {
                "author": "tom_runs",
                "after_hours": 2,
                "body": "Wi-Fi off did it, finished in 4 minutes.",
            },
        ],
    },
    {
        "category": "app-firmware",
        "kind": "experience",
        "author": "maria_k",
        "days_ago": 72,
        "title": "Firmware 2.5 fixed multipoint for me",
        "body": "Laptop and phone at the same time used to be a mess: calls went to the wrong device. Since 2.5 it just works. "
        "Well done.",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 4,
                "body": "Thank you, I will pass that on to the firmware team, they will be happy.",
            },
        ],
    },
    {
        "category": "app-firmware",
        "kind": "question",
        "author": "张师傅",
        "days_ago": 38,
        "title": "不登录账号能用 App 吗？",
        "body": "不太想注册账号，只想调一下降噪和均衡器。",
        "replies": [
            {
                "author": "amb_wei",
                "after_hours": 3,
                "body": "可以。首次打开时选择“跳过登录”即可使用全部设置功能，只有保修登记和云端备份设置需要账号。",
            },
        ],
    },
    {
        "category": "app-firmware",
        "kind": "experience",
        "author": "林小雨",
        "days_ago": 19,
        "title": "更新固件后 Buds 的蓝牙连接稳定多了",
        "body": "之前在商场人多的地方偶尔会断连，更新 1.9 之后两周都没有再出现。延迟也低了一点，看视频对口型没问题了。",
        "replies": [
            {
                "author": "amb_wei",
                "after_hours": 8,
                "body": "谢谢反馈！1.9 优化了拥挤环境下的蓝牙连接，很高兴对你有效。",
            },
            {
                "author": "newbie_dan",
                "after_hours": 30,
                "body": "Same experience here (English, sorry!): far fewer dropouts in the mall.",
            },
        ],
    },
    # --- Lounge ------------------------------------------------------------------------------
    {
        "category": "lounge",
        "kind": "discussion",
        "author": "maria_k",
        "days_ago": 170,
        "title": "What are you listening to this week?",
        "body": "Share one album you had on repeat. Mine: an old jazz trio record I found at a flea market.",
        "replies": [
            {
                "author": "tom_runs",
                "after_hours": 3,
                "body": "A running playlist at 170 bpm, as always.",
            },
            {
                "author": "林小雨",
                "after_hours": 7,
                "body": "最近在循环一张民谣专辑，用 Pulse 听人声特别好。",
            },
            {
                "author": "amb_sarah",
                "after_hours": 12,
                "body": "Film soundtracks while I answer your questions!",
            },
        ],
    },
    {
        "category": "lounge",
        "kind": "discussion",
        "author": "张师傅",
        "days_ago": 142,
        "title": "大家觉得无损音乐在蓝牙耳机上有意义吗？",
        "body": "蓝牙传输本身就有压缩，花钱买无损会员还值得吗？想听听大家的看法。",
        "replies": [
            {
                "author": "林小雨",
                "after_hours": 2,
                "body": "我盲听分不出来，但心理上觉得无损更好听 😄",
            },
            {
                "author": "amb_wei",
                "after_hours": 5,
                "body": "蓝牙编码确实是瓶颈。Pulse 支持 LDAC 时差别会更明显一些，"
                "用 AAC 的话，好的母带比无损格式本身影响更大。",
            },
            {
                "author": "maria_k",
                "after_hours": 9,
                "body": "For me the mastering matters far more than the file format.",
            },
        ],
    },
    {
        "category": "lounge",
        "kind": "discussion",
        "author": "tom_runs",
        "days_ago": 110,
        "title": "Open-ear vs in-ear for running in traffic",
        "body": "Transparency mode helps, but I still wonder whether open-ear would be safer. Thoughts from other runners?",
        "replies": [
            {
                "author": "maria_k",
                "after_hours": 6,
                "body": "I use transparency mode and keep the volume low. It works for me.",
            },
            {
                "author": "amb_sarah",
                "after_hours": 8,
                "body": "Not official advice, but: whatever you use, one ear out in heavy traffic.",
            },
        ],
    },
    {
        "category": "lounge",
        "kind": "discussion",
        "author": "林小雨",
        "days_ago": 84,
        "title": "你们的耳机都怎么收纳？",
        "body": "Pulse 的收纳盒有点大，出差带着占地方。大家有什么好办法吗？",
        "replies": [
            {"author": "张师傅", "after_hours": 4, "body": "我直接挂在背包外面，用一个登山扣。"},
            {
                "author": "amb_wei",
                "after_hours": 9,
                "body": "Pulse 的耳罩可以向内折叠，收纳盒其实可以压扁一点放进行李箱夹层。",
            },
        ],
    },
    {
        "category": "lounge",
        "kind": "discussion",
        "author": "mod_lin",
        "days_ago": 175,
        "title": "欢迎来到社区！发帖前请看这里 / Welcome! Read this before posting",
        "body": "这是一个**演示社区**，所有账号和内容都是虚构的。\n\n- 提问请选择“提问”类型，问题解决后可以标记答案\n"
        "- 分享使用体验请选择“经验分享”\n- 请友善交流，不要发广告\n\n"
        'This is a **demo community**: every account and post here is made up. Pick "Question" to ask, '
        '"Experience" to share a story, and be kind.',
        "replies": [
            {
                "author": "aurora_admin",
                "after_hours": 1,
                "body": "Welcome everyone! The ambassadors (amb_sarah, amb_wei) are from our support team.",
            },
        ],
    },
    {
        "category": "lounge",
        "kind": "discussion",
        "author": "newbie_dan",
        "days_ago": 6,
        "title": "First Aurora product: Pulse or Buds?",
        "body": "I commute by bike and fly twice a year. Budget allows one of them. Which would you pick?",
        "replies": [
            {
                "author": "tom_runs",
                "after_hours": 2,
                "body": "Bike commute: Buds with transparency mode. Flights: Pulse. "
                "I would pick Buds and live with weaker ANC on the plane.",
            },
            {
                "author": "林小雨",
                "after_hours": 5,
                "body": "如果经常坐飞机，Pulse 的降噪真的值得。",
            },
            {
                "author": "amb_sarah",
                "after_hours": 6,
                "body": "Both are good choices; Buds are easier to carry on a bike, for sure.",
            },
        ],
    },
    {
        "category": "headphones",
        "kind": "question",
        "author": "林小雨",
        "days_ago": 54,
        "title": "Pulse 耳罩开始掉皮了，可以单独更换吗？",
        "body": "用了一年多，耳罩表面有点脱皮，其他都很好，不想整个换掉。",
        "replies": [
            {
                "author": "amb_wei",
                "after_hours": 2,
                "body": "可以单独更换。耳罩是卡扣式的，逆时针旋转就能取下来。在保修期内的话，售后可以免费寄一副新的。",
            },
            {"author": "林小雨", "after_hours": 40, "body": "已经收到新耳罩了，售后很快，点赞！"},
        ],
    },
    {
        "category": "speakers",
        "kind": "discussion",
        "author": "张师傅",
        "days_ago": 27,
        "title": "Boom 用来做电脑音箱怎么样？",
        "body": "想在书桌上用 Boom 代替电脑音箱，有人这样用过吗？延迟大不大？",
        "replies": [
            {
                "author": "maria_k",
                "after_hours": 5,
                "body": "I do this. For videos it is fine; for games the delay is noticeable.",
            },
            {
                "author": "amb_wei",
                "after_hours": 7,
                "body": "用 USB-C 线连接电脑可以作为有线声卡，几乎没有延迟，玩游戏建议这样用。",
            },
        ],
    },
    {
        "category": "headphones",
        "kind": "experience",
        "author": "tom_runs",
        "days_ago": 33,
        "title": "Pulse call quality in wind is poor",
        "body": "Calls indoors: great. Calls while cycling: people hear mostly wind. I hoped for better microphones at this price.",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 3,
                "body": 'Thanks for the honest feedback. Try turning on "Wind reduction" '
                "in App > Pulse > Calls; it helps at cycling speeds but is not perfect. I logged it for the hardware team.",
            },
            {
                "author": "maria_k",
                "after_hours": 20,
                "body": "Same here. Wind reduction helped a little.",
            },
        ],
    },
    {
        "category": "app-firmware",
        "kind": "question",
        "author": "maria_k",
        "days_ago": 12,
        "title": "Does the app collect my listening history?",
        "body": "Before I create an account: what exactly does the app send to Aurora?",
        "replies": [
            {
                "author": "aurora_admin",
                "after_hours": 4,
                "body": "No listening history. With an account: device model, firmware "
                "version and your settings backup. Crash reports only if you turn them on. (Demo answer for this demo community.)",
            },
        ],
    },
    {
        "category": "speakers",
        "kind": "experience",
        "author": "newbie_dan",
        "days_ago": 14,
        "title": "Boom party mode with three speakers: very impressive",
        "body": "Borrowed two more Boom speakers for a garden party. Party mode linked all three in under a minute and the "
        "sound filled the whole garden. Only issue: the app showed the wrong battery level for one of them.",
        "replies": [
            {
                "author": "amb_sarah",
                "after_hours": 6,
                "body": "Glad it worked! The battery display bug is fixed in app 2.3, out next week.",
            },
        ],
    },
]
