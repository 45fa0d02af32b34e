<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountDialog</name>
    <message>
        <source>重设密码 — {user}</source>
        <translation>Reset password — {user}</translation>
    </message>
    <message>
        <source>添加账号</source>
        <translation>Add account</translation>
    </message>
    <message>
        <source>用户名(&amp;U)：</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>姓名(&amp;N)：</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>角色(&amp;R)：</source>
        <translation>&amp;Role:</translation>
    </message>
    <message>
        <source>密码(&amp;P)：</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>再输一次(&amp;G)：</source>
        <translation>A&amp;gain:</translation>
    </message>
    <message>
        <source>两次输入的密码不一样。</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>AccountModel</name>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>账号</source>
        <translation>account</translation>
    </message>
    <message>
        <source>添加(&amp;A)…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>重设密码(&amp;P)…</source>
        <translation>Reset &amp;Password…</translation>
    </message>
    <message>
        <source>角色(&amp;O)…</source>
        <translation>R&amp;ole…</translation>
    </message>
    <message>
        <source>姓名(&amp;N)…</source>
        <translation>&amp;Name…</translation>
    </message>
    <message>
        <source>停用/启用(&amp;T)</source>
        <translation>Deac&amp;tivate/Reactivate</translation>
    </message>
    <message>
        <source>已为 {user} 重设密码。</source>
        <translation>The password of {user} was reset.</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>{user} 的角色：</source>
        <translation>Role of {user}:</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Display name</translation>
    </message>
    <message>
        <source>{user} 的姓名（状态栏和交接班日志显示）：</source>
        <translation>Display name of {user} (shown in the status bar and the shift log):</translation>
    </message>
</context>
<context>
    <name>AdminButtons</name>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>第一个管理员</source>
        <translation>The first administrator</translation>
    </message>
    <message>
        <source>这一步不能跳过：设置完成后就用这个账号登录。密码由本人设定，至少 6 个字符；其他账号以后由管理员添加。</source>
        <translation>This step cannot be skipped: this account logs in when the set-up is done. Its owner chooses the password (at least 6 characters); an administrator adds the other accounts later.</translation>
    </message>
    <message>
        <source>用户名(&amp;U)：</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>姓名(&amp;M)：</source>
        <translation>Display na&amp;me:</translation>
    </message>
    <message>
        <source>密码(&amp;P)：</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>再输一遍(&amp;A)：</source>
        <translation>Password &amp;again:</translation>
    </message>
</context>
<context>
    <name>AnswerPanel</name>
    <message>
        <source>搜索服务手册（↑↓ 选择，Enter 采用）</source>
        <translation>Search the service handbook (↑↓ choose, Enter use)</translation>
    </message>
    <message>
        <source>答复内容（可修改）：</source>
        <translation>Answer (may be edited):</translation>
    </message>
    <message>
        <source>服务手册中没有该分类的条目，请直接输入答复。</source>
        <translation>The handbook has no entry for this category; type the answer.</translation>
    </message>
</context>
<context>
    <name>AppendCall</name>
    <message>
        <source>追加到原工单(&amp;Z)</source>
        <translation>Add to the open ticket (&amp;Z)</translation>
    </message>
    <message>
        <source>来电人为同一件未办结的事再次来电：记在原工单上，不新建工单（催办承办单位）</source>
        <translation>The caller rings again about an open matter: keep the call on that ticket instead of a new one (presses the unit)</translation>
    </message>
    <message>
        <source>请先填写来电内容，再追加到原工单。</source>
        <translation>Type what the caller said first, then add it to the open ticket.</translation>
    </message>
    <message>
        <source>追加到原工单</source>
        <translation>Add to the open ticket</translation>
    </message>
    <message>
        <source>追加到哪一张未办结的工单：</source>
        <translation>Add to which open ticket:</translation>
    </message>
</context>
<context>
    <name>ArrivalDialog</name>
    <message>
        <source>回访：已到场</source>
        <translation>Check-back: someone came</translation>
    </message>
    <message>
        <source>到场时间(&amp;T)：</source>
        <translation>Arrived at (&amp;T):</translation>
    </message>
    <message>
        <source>回访记录(&amp;N)（可不填）：</source>
        <translation>Check-back &amp;note (optional):</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>推迟提醒</source>
        <translation>Snoozes</translation>
    </message>
    <message>
        <source>时限规则</source>
        <translation>Deadline rules</translation>
    </message>
    <message>
        <source>工单操作</source>
        <translation>Ticket steps</translation>
    </message>
    <message>
        <source>未接来电</source>
        <translation>Missed calls</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>Everything</translation>
    </message>
    <message>
        <source>最近 7 天</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>最近 30 天</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>最近 365 天</source>
        <translation>Last 365 days</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>工单</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>推迟至 {until}；原因：{reason}</source>
        <translation>Snoozed until {until}; reason: {reason}</translation>
    </message>
    <message>
        <source>操作记录</source>
        <translation>Audit trail</translation>
    </message>
    <message>
        <source>显示(&amp;S)：</source>
        <translation>&amp;Show:</translation>
    </message>
    <message>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <source>只显示最新的 {n} 条</source>
        <translation>Showing the newest {n} only</translation>
    </message>
    <message>
        <source>共 {n} 条</source>
        <translation>{n} rows</translation>
    </message>
</context>
<context>
    <name>BulletinExportDialog</name>
    <message>
        <source>导出月报/季报</source>
        <translation>Export the bulletin</translation>
    </message>
    <message>
        <source>月报(&amp;M)</source>
        <translation>&amp;Monthly</translation>
    </message>
    <message>
        <source>季报(&amp;Q)</source>
        <translation>&amp;Quarterly</translation>
    </message>
    <message>
        <source>报表：</source>
        <translation>Report:</translation>
    </message>
    <message>
        <source>期间(&amp;Y)：</source>
        <translation>Period (&amp;Y):</translation>
    </message>
    <message>
        <source>保存到(&amp;F)：</source>
        <translation>Save to (&amp;F):</translation>
    </message>
    <message>
        <source>与上期（环比）和去年同期（同比）对比；只含统计数字，不含个人信息。</source>
        <translation>Compared with the period before and the same period a year earlier; figures only, no personal data.</translation>
    </message>
    <message>
        <source>{n} 月</source>
        <translation>month {n}</translation>
    </message>
    <message>
        <source>第 {n} 季度</source>
        <translation>Q{n}</translation>
    </message>
</context>
<context>
    <name>CalendarDialog</name>
    <message>
        <source>节假日日历</source>
        <translation>Holiday calendar</translation>
    </message>
    <message>
        <source>添加(&amp;A)…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>删除(&amp;D)</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>导入(&amp;I)…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <source>年份(&amp;Y)：</source>
        <translation>&amp;Year:</translation>
    </message>
    <message>
        <source>{y}（未登记）</source>
        <translation>{y} (not entered)</translation>
    </message>
    <message>
        <source>未来 60 天的节假日安排都已登记。</source>
        <translation>The holidays of the next 60 days are all entered.</translation>
    </message>
    <message>
        <source>添加节假日安排</source>
        <translation>Add a holiday arrangement</translation>
    </message>
    <message>
        <source>日期（如 {y}-10-01）：</source>
        <translation>Date (e.g. {y}-10-01):</translation>
    </message>
    <message>
        <source>日期“{t}”无法识别：请写成 {y}-10-01。</source>
        <translation>Date &apos;{t}&apos; not understood: write {y}-10-01.</translation>
    </message>
    <message>
        <source>{d} 这一天：</source>
        <translation>On {d}:</translation>
    </message>
    <message>
        <source>名称（如 国庆节，可不填）：</source>
        <translation>Name (e.g. 国庆节; optional):</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>删除节假日安排</source>
        <translation>Delete a holiday arrangement</translation>
    </message>
    <message>
        <source>删除 {d}（{k}）？这一天将按平常的星期计算。</source>
        <translation>Delete {d} ({k})? The day follows the ordinary week again.</translation>
    </message>
    <message>
        <source>导入节假日安排</source>
        <translation>Import holiday arrangements</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>CalendarModel</name>
    <message>
        <source>放假</source>
        <translation>Day off</translation>
    </message>
    <message>
        <source>上班（调休）</source>
        <translation>Working day (make-up)</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>星期</source>
        <translation>Weekday</translation>
    </message>
    <message>
        <source>安排</source>
        <translation>Arrangement</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
</context>
<context>
    <name>CallForm</name>
    <message>
        <source>来电号码，Tab 查看历史</source>
        <translation>Caller number; Tab shows the history</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>社区名或拼音首字母，如 jhsc</source>
        <translation>Community name or pinyin initials, e.g. jhsc</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>楼号</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>室号</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>地址补充</source>
        <translation>Address details</translation>
    </message>
    <message>
        <source>分类名或拼音首字母，如 td</source>
        <translation>Category name or pinyin initials, e.g. td</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>诉求类型</source>
        <translation>Request type</translation>
    </message>
    <message>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>保密(&amp;K)</source>
        <translation>Confidential (&amp;K)</translation>
    </message>
    <message>
        <source>来电人要求保密（如举报、家庭纠纷）：姓名、电话、地址不出现在任何列表和导出中</source>
        <translation>The caller asks for confidentiality (a report on someone, a family matter): their name, phone and address appear in no list or export</translation>
    </message>
    <message>
        <source>按数字键选择：诉求 1咨询 2求助 3投诉 4举报 5建议 6表扬（或拼音首字母）；紧急 1普通 2紧急 3特急</source>
        <translation>Choose by number: request 1 enquiry 2 help 3 complaint 4 report 5 suggestion 6 praise (or pinyin initials); urgency 1 normal 2 urgent 3 critical</translation>
    </message>
    <message>
        <source>来电内容（Tab 离开此框）</source>
        <translation>What the caller said (Tab leaves this box)</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>取自上次工单 {number}，请向来电人核对</source>
        <translation>Taken from the last ticket {number}: check with the caller</translation>
    </message>
</context>
<context>
    <name>CallerCardWindow</name>
    <message>
        <source>来电</source>
        <translation>Incoming call</translation>
    </message>
    <message>
        <source>未办结工单</source>
        <translation>Open tickets</translation>
    </message>
    <message>
        <source>Enter：登记新来电（号码已填）&#x3000;Esc：收起</source>
        <translation>Enter: log the call (number filled in)   Esc: put away</translation>
    </message>
    <message>
        <source>未显示号码</source>
        <translation>Number withheld</translation>
    </message>
    <message>
        <source>未知来电人</source>
        <translation>Unknown caller</translation>
    </message>
    <message>
        <source>（未留姓名）</source>
        <translation>(no name given)</translation>
    </message>
    <message>
        <source>上次地址：{place}</source>
        <translation>Last address: {place}</translation>
    </message>
    <message>
        <source>重复来电：{days} 天内第 {n} 次</source>
        <translation>Repeat caller: call {n} within {days} days</translation>
    </message>
    <message>
        <source>已由 {who} 接听</source>
        <translation>Taken by {who}</translation>
    </message>
    <message>
        <source>这个电话已由其他席位接听，本卡片将自动关闭。</source>
        <translation>Another seat took this call; this card closes by itself.</translation>
    </message>
    <message>
        <source>线路 {line}</source>
        <translation>line {line}</translation>
    </message>
</context>
<context>
    <name>CallerPanel</name>
    <message>
        <source>来电历史</source>
        <translation>Caller history</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>单号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>承办单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>输入电话后按 Tab 查看来电历史。</source>
        <translation>Type the phone number and press Tab to see the caller history.</translation>
    </message>
    <message>
        <source>⚠ 重点人群</source>
        <translation>⚠ Special group</translation>
    </message>
    <message>
        <source>需求：</source>
        <translation>Needs:</translation>
    </message>
    <message>
        <source>网格员：</source>
        <translation>Grid worker:</translation>
    </message>
    <message>
        <source>重复来电：{days} 天内第 {n} 次</source>
        <translation>Repeat caller: call {n} in {days} days</translation>
    </message>
    <message>
        <source>同一地址 {days} 天内已有 {n} 张工单</source>
        <translation>{n} tickets at this address in {days} days</translation>
    </message>
    <message>
        <source>，{n} 张未办结，可追加 (Alt+Z)</source>
        <translation>, {n} open: add to it (Alt+Z)</translation>
    </message>
    <message>
        <source>此号码没有来电记录。</source>
        <translation>No earlier calls from this number.</translation>
    </message>
</context>
<context>
    <name>CategoriesEditorDialog</name>
    <message>
        <source>问题分类</source>
        <translation>Categories</translation>
    </message>
    <message>
        <source>添加子分类(&amp;A)…</source>
        <translation>&amp;Add Sub-Category…</translation>
    </message>
    <message>
        <source>添加一级分类(&amp;N)…</source>
        <translation>&amp;New Top-Level…</translation>
    </message>
    <message>
        <source>改名(&amp;R)…</source>
        <translation>&amp;Rename…</translation>
    </message>
    <message>
        <source>移动(&amp;M)…</source>
        <translation>&amp;Move…</translation>
    </message>
    <message>
        <source>停用/恢复(&amp;T)</source>
        <translation>Re&amp;tire/Reinstate</translation>
    </message>
    <message>
        <source>代码(&amp;O)…</source>
        <translation>C&amp;ode…</translation>
    </message>
    <message>
        <source>添加分类</source>
        <translation>Add category</translation>
    </message>
    <message>
        <source>一级分类名称：</source>
        <translation>Name of the top-level category:</translation>
    </message>
    <message>
        <source>一级分类</source>
        <translation>top-level category</translation>
    </message>
    <message>
        <source>“{parent}”下的子分类名称：</source>
        <translation>Name of the sub-category under &quot;{parent}&quot;:</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>category</translation>
    </message>
    <message>
        <source>分类改名</source>
        <translation>Rename category</translation>
    </message>
    <message>
        <source>“{name}”的新名称（旧工单随之显示新名称）：</source>
        <translation>New name for &quot;{name}&quot; (old tickets show the new name):</translation>
    </message>
    <message>
        <source>（作为一级分类）</source>
        <translation>(top level)</translation>
    </message>
    <message>
        <source>移动分类</source>
        <translation>Move category</translation>
    </message>
    <message>
        <source>把“{name}”移到：</source>
        <translation>Move &quot;{name}&quot; to:</translation>
    </message>
    <message>
        <source>分类代码</source>
        <translation>Category code</translation>
    </message>
    <message>
        <source>“{name}”的代码（市级平台或 GB/T 39666 代码；英文字母、数字和 . - _；留空表示没有）：</source>
        <translation>Code of &quot;{name}&quot; (a city platform&apos;s or GB/T 39666 code; letters, digits and . - _; blank for none):</translation>
    </message>
</context>
<context>
    <name>CategoryTreeModel</name>
    <message>
        <source>问题分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>交班</source>
        <translation>Close shift</translation>
    </message>
    <message>
        <source>班次：{shift}，本班登记工单 {n} 张。交班后，下面的事项由下一班接手。</source>
        <translation>Shift: {shift}; {n} ticket(s) logged in this shift. After the handover, the next shift takes over the items below.</translation>
    </message>
    <message>
        <source>未办结工单 {n} 张</source>
        <translation>Open tickets: {n}</translation>
    </message>
    <message>
        <source>（只列出前 {k} 张）</source>
        <translation> (only the first {k} listed)</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>社区 / 分类</source>
        <translation>Community / category</translation>
    </message>
    <message>
        <source>承办单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>办结时限</source>
        <translation>Resolution due</translation>
    </message>
    <message>
        <source>，其中超时 {m} 个</source>
        <translation>, {m} overdue</translation>
    </message>
    <message>
        <source>待回访 / 待回拨 {n} 个</source>
        <translation>Call-backs to make: {n}</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>工单</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>交班记录：交给下一班的事项（可不填）</source>
        <translation>Handover note: what the next shift must know (optional)</translation>
    </message>
    <message>
        <source>交班记录(&amp;N)：</source>
        <translation>Handover &amp;note:</translation>
    </message>
    <message>
        <source>交班(&amp;C)</source>
        <translation>&amp;Close shift</translation>
    </message>
    <message>
        <source>只保存记录(&amp;S)</source>
        <translation>&amp;Save note only</translation>
    </message>
    <message>
        <source>Ctrl+Enter 交班 · 在工单上按 Enter 查看</source>
        <translation>Ctrl+Enter closes the shift · Enter on a ticket shows it</translation>
    </message>
    <message>
        <source>交班失败：数据库暂时无法写入，请稍后再试。</source>
        <translation>Could not close the shift: the database cannot be written right now. Try again shortly.</translation>
    </message>
    <message>
        <source>交班记录太长（最多 {n} 字）。</source>
        <translation>The handover note is too long (at most {n} characters).</translation>
    </message>
</context>
<context>
    <name>ClosedShiftLog</name>
    <message>
        <source>交接班日志没有写成。</source>
        <translation>The shift log was not written.</translation>
    </message>
    <message>
        <source>交接班日志</source>
        <translation>Shift log</translation>
    </message>
    <message>
        <source>已交班，交接班日志已保存：{path}</source>
        <translation>Shift closed; its log was saved: {path}</translation>
    </message>
    <message>
        <source>没有找到打印机“{name}”，交接班日志没有打印（文件已保存：{path}）。</source>
        <translation>No printer named &quot;{name}&quot; was found; the shift log was not printed (the file was saved: {path}).</translation>
    </message>
    <message>
        <source>交接班日志没有打印成（打印机“{name}”），文件已保存：{path}</source>
        <translation>The shift log could not be printed (printer &quot;{name}&quot;); the file was saved: {path}</translation>
    </message>
    <message>
        <source>已交班，交接班日志已保存并送到打印机“{name}”：{path}</source>
        <translation>Shift closed; its log was saved and sent to the printer &quot;{name}&quot;: {path}</translation>
    </message>
</context>
<context>
    <name>CoCheckBackDialog</name>
    <message>
        <source>协办回访</source>
        <translation>Check back on a co-handling unit</translation>
    </message>
    <message>
        <source>已到场</source>
        <translation>Someone came</translation>
    </message>
    <message>
        <source>未到场（稍后再回访）</source>
        <translation>Nobody yet (check again later)</translation>
    </message>
    <message>
        <source>协办单位(&amp;U)：</source>
        <translation>Co-handling &amp;unit:</translation>
    </message>
    <message>
        <source>回访结果(&amp;C)：</source>
        <translation>&amp;Check-back result:</translation>
    </message>
    <message>
        <source>回访记录(&amp;N)（可不填）：</source>
        <translation>&amp;Note (optional):</translation>
    </message>
</context>
<context>
    <name>CommunityModel</name>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>工单数</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>程序遇到了一个意外错误，详细情况已记入日志文件：
{path}

已保存的工单不受影响，可以继续工作。如果这个问题反复出现，请把这个日志文件交给维护人员。</source>
        <translation>The program ran into an unexpected error. The details are in the log file:
{path}

Saved tickets are not affected and you can keep working. If this keeps happening, please give this log file to your support contact.</translation>
    </message>
    <message>
        <source>程序错误</source>
        <translation>Program error</translation>
    </message>
</context>
<context>
    <name>DeadlineRulesDialog</name>
    <message>
        <source>时限规则</source>
        <translation>Deadline rules</translation>
    </message>
    <message>
        <source>时限按自然时间的分钟数计算（夜里也计时）；勾选“只计工作日”的规则只计工作日的时间（跳过周末和法定节假日，调休上班日照常计时，1440 分钟 = 1 个工作日）。越具体的规则优先：分类+紧急程度 &gt; 分类 &gt; 上级分类 &gt; 紧急程度 &gt; 默认。修改只影响今后新开的时限；要让未完成的时限也按新规则计算，请点“重新计算未完成的时限”。</source>
        <translation>Limits are minutes of elapsed time (the night counts too); a rule marked &apos;Working days only&apos; counts only the time of working days (weekends and statutory holidays skipped, make-up working days counted; 1440 minutes = 1 working day). The most specific rule wins: category + urgency &gt; category &gt; parent category &gt; urgency &gt; default. A change applies to deadlines opened from now on; to re-time the open ones too, click &apos;Recompute open deadlines&apos;.</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>分钟</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>约合</source>
        <translation>Span</translation>
    </message>
    <message>
        <source>计时</source>
        <translation>Counts</translation>
    </message>
    <message>
        <source>（所有分类）</source>
        <translation>(any category)</translation>
    </message>
    <message>
        <source>（所有紧急程度）</source>
        <translation>(any urgency)</translation>
    </message>
    <message>
        <source>1 到 43200（30 天）</source>
        <translation>1 to 43200 (30 days)</translation>
    </message>
    <message>
        <source>只计工作日(&amp;W)</source>
        <translation>&amp;Working days only</translation>
    </message>
    <message>
        <source>跳过周末和法定节假日，调休上班日照常计时（按值班台的节假日日历）</source>
        <translation>Skips weekends and statutory holidays and counts make-up working days (the desk&apos;s holiday calendar)</translation>
    </message>
    <message>
        <source>类型(&amp;K)：</source>
        <translation>&amp;Kind:</translation>
    </message>
    <message>
        <source>分类(&amp;C)：</source>
        <translation>&amp;Category:</translation>
    </message>
    <message>
        <source>紧急程度(&amp;U)：</source>
        <translation>&amp;Urgency:</translation>
    </message>
    <message>
        <source>时限（分钟）(&amp;N)：</source>
        <translation>Time limit (mi&amp;nutes):</translation>
    </message>
    <message>
        <source>保存规则(&amp;S)</source>
        <translation>&amp;Save rule</translation>
    </message>
    <message>
        <source>删除所选规则(&amp;D)</source>
        <translation>&amp;Delete selected rule</translation>
    </message>
    <message>
        <source>恢复默认时限</source>
        <translation>Restore defaults</translation>
    </message>
    <message>
        <source>默认：回访 30 分钟（特急 15 分钟），办结 1 天，上报后 3 天，满意度回访 1 天，未接回拨 15 分钟</source>
        <translation>Defaults: check-back 30 minutes (critical 15), resolution 1 day, 3 days once escalated, satisfaction call 1 day, missed-call call-back 15 minutes</translation>
    </message>
    <message>
        <source>重新计算未完成的时限…</source>
        <translation>Recompute open deadlines…</translation>
    </message>
    <message>
        <source>工作日</source>
        <translation>working days</translation>
    </message>
    <message>
        <source>自然时间</source>
        <translation>elapsed time</translation>
    </message>
    <message>
        <source>已保存。新开的时限按新规则计算。</source>
        <translation>Saved. New deadlines use the new rule.</translation>
    </message>
    <message>
        <source>已删除这条规则。</source>
        <translation>Rule deleted.</translation>
    </message>
    <message>
        <source>已恢复默认时限（分类和紧急程度的专门规则未改动）。</source>
        <translation>Defaults restored (rules for particular categories and urgencies are unchanged).</translation>
    </message>
    <message>
        <source>重新计算未完成的时限</source>
        <translation>Recompute open deadlines</translation>
    </message>
    <message>
        <source>按现在的规则，从各自的起算时间重新计算所有未完成的时限吗？
已完成的时限不变。这一操作会记入操作记录。</source>
        <translation>Re-time every open deadline from its start with the current rules?
Deadlines already done stay as they are. This is recorded in the audit trail.</translation>
    </message>
    <message>
        <source>已重新计算，{n} 条时限有变化。</source>
        <translation>Recomputed: {n} deadlines changed.</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>决定(&amp;C)：</source>
        <translation>De&amp;cision:</translation>
    </message>
    <message>
        <source>意见(&amp;N)：</source>
        <translation>&amp;Note:</translation>
    </message>
</context>
<context>
    <name>DeskMaintenance</name>
    <message>
        <source>SQLite 数据库 (*.sqlite3)</source>
        <translation>SQLite database (*.sqlite3)</translation>
    </message>
    <message>
        <source>PostgreSQL 备份 (*.pgdump)</source>
        <translation>PostgreSQL backup (*.pgdump)</translation>
    </message>
    <message>
        <source>备份数据库</source>
        <translation>Back up the database</translation>
    </message>
    <message>
        <source>正在备份数据库…</source>
        <translation>Backing up the database…</translation>
    </message>
    <message>
        <source>已备份到：
{path}</source>
        <translation>Backed up to:
{path}</translation>
    </message>
    <message>
        <source>正在检查数据库…</source>
        <translation>Checking the database…</translation>
    </message>
    <message>
        <source>检查数据库</source>
        <translation>Check the database</translation>
    </message>
    <message>
        <source>检查发现 {n} 个问题：
{lines}</source>
        <translation>The check found {n} problem(s):
{lines}</translation>
    </message>
    <message>
        <source>检查通过：数据库完整，结构版本 {revision} 是最新的。</source>
        <translation>Check passed: the database is intact and its schema {revision} is the latest.</translation>
    </message>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from a backup</translation>
    </message>
    <message>
        <source>用这个备份替换当前数据库？
{path}

当前数据库会另存一份，不会丢失。其他席位必须先关闭值班台。恢复成功后本窗口会关闭，请重新打开值班台。</source>
        <translation>Replace the current database with this backup?
{path}

The current database is kept as a copy, nothing is lost. Other seats must close the console first. After a successful restore this window closes; open the console again.</translation>
    </message>
    <message>
        <source>正在恢复数据库…</source>
        <translation>Restoring the database…</translation>
    </message>
    <message>
        <source>
原来的数据库已另存为：
{path}</source>
        <translation>
The database it replaced is kept as:
{path}</translation>
    </message>
    <message>
        <source>已用备份恢复数据库（结构版本 {revision}）。{kept}

值班台现在关闭，请重新打开。</source>
        <translation>The database was restored from the backup (schema {revision}).{kept}

The console closes now; please open it again.</translation>
    </message>
</context>
<context>
    <name>DeskNamePage</name>
    <message>
        <source>值班台名称</source>
        <translation>The desk&apos;s name</translation>
    </message>
    <message>
        <source>显示在窗口标题、状态栏和交接班日志、季度报告的页眉上。可以以后再改。</source>
        <translation>Shown in the window title, the status bar and the headers of shift logs and quarterly reports. It can be changed later.</translation>
    </message>
    <message>
        <source>例如：城东街道社区服务热线</source>
        <translation>e.g. Chengdong Street Community Hotline</translation>
    </message>
    <message>
        <source>名称(&amp;M)：</source>
        <translation>Na&amp;me:</translation>
    </message>
    <message>
        <source>例如：021-59123456（印在派单单和督办通知单上，可不填）</source>
        <translation>e.g. 021-59123456 (printed on dispatch sheets and press notices; optional)</translation>
    </message>
    <message>
        <source>值班电话(&amp;P)：</source>
        <translation>Duty &amp;phone:</translation>
    </message>
</context>
<context>
    <name>DeskPrinting</name>
    <message>
        <source>打印交接班日志(&amp;P)…</source>
        <translation>&amp;Print the shift log…</translation>
    </message>
    <message>
        <source>打印派单单(&amp;C)…</source>
        <translation>Print the dispatch sheet (&amp;C)…</translation>
    </message>
    <message>
        <source>打印所选工单的派单单，交承办单位签收</source>
        <translation>Print the selected ticket&apos;s dispatch sheet for its unit to sign</translation>
    </message>
    <message>
        <source>打印督办通知单…</source>
        <translation>Print the press notice…</translation>
    </message>
    <message>
        <source>打印所选工单的督办通知单（督办过的工单，值班领导）</source>
        <translation>Print the selected ticket&apos;s press notice (a pressed ticket; supervisors)</translation>
    </message>
    <message>
        <source>交接班日志</source>
        <translation>Shift log</translation>
    </message>
    <message>
        <source>派单单 {n}</source>
        <translation>Dispatch sheet {n}</translation>
    </message>
    <message>
        <source>督办通知单 {n}</source>
        <translation>Press notice {n}</translation>
    </message>
    <message>
        <source>正在准备打印：{title}…</source>
        <translation>Preparing to print: {title}…</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>{title}：打印完整的电话号码吗？
选择“打码”时电话号码只显示前三位和后四位。</source>
        <translation>{title}: print the full phone numbers?
Masked, a number shows only its first three and last four digits.</translation>
    </message>
    <message>
        <source>完整号码(&amp;F)</source>
        <translation>&amp;Full numbers</translation>
    </message>
    <message>
        <source>打码(&amp;M)</source>
        <translation>&amp;Masked</translation>
    </message>
    <message>
        <source>没有打印成，详细情况已记入日志。</source>
        <translation>Nothing was printed; the details are in the log.</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>数据库：已连接</source>
        <translation>Database: connected</translation>
    </message>
    <message>
        <source>数据库文件已被移走或替换：请关闭值班台再重新打开</source>
        <translation>Database file moved or replaced: close the console and open it again</translation>
    </message>
    <message>
        <source>原因不明</source>
        <translation>reason unknown</translation>
    </message>
    <message>
        <source>数据库：连接中断（{reason}）</source>
        <translation>Database: connection lost ({reason})</translation>
    </message>
    <message>
        <source>数据库：正在重连…</source>
        <translation>Database: reconnecting…</translation>
    </message>
    <message>
        <source>放回原处后会自动恢复；在此之前不会保存任何更改。</source>
        <translation>Put back where it was, it works again at once; until then no change is saved.</translation>
    </message>
    <message>
        <source>程序会自动重连；恢复后会重新读取工单。正在输入的新来电不会丢失。</source>
        <translation>The program reconnects by itself and re-reads the tickets when the server is back. A new call being typed is not lost.</translation>
    </message>
    <message>
        <source>值班员：{user}（{role}）</source>
        <translation>On duty: {user} ({role})</translation>
    </message>
    <message>
        <source>班次：{kind}，{since} 开班</source>
        <translation>Shift: {kind}, opened {since}</translation>
    </message>
    <message>
        <source>未开班</source>
        <translation>No shift open</translation>
    </message>
    <message>
        <source>节假日日历缺 {year} 年</source>
        <translation>Holiday calendar lacks {year}</translation>
    </message>
    <message>
        <source>自 {day} 起，按工作日计的时限和“节假日休息”只按周一至周五计算。值班领导可在 管理 → 节假日日历 中补充或导入。</source>
        <translation>From {day}, working-day limits and holiday closures follow the Monday–Friday week only. A supervisor can add or import the year under Admin → Holiday calendar.</translation>
    </message>
    <message>
        <source>待办 {due} · 超时 {overdue}</source>
        <translation>Due {due} · Overdue {overdue}</translation>
    </message>
    <message>
        <source> · 挂起 {n}</source>
        <translation> · Paused {n}</translation>
    </message>
    <message>
        <source>数据库：{db}</source>
        <translation>Database: {db}</translation>
    </message>
    <message>
        <source>数据库已断开：{db}</source>
        <translation>DATABASE OFFLINE: {db}</translation>
    </message>
</context>
<context>
    <name>DeskTray</name>
    <message>
        <source>社区服务热线值班台
超时 {overdue} · 一小时内到期 {due}</source>
        <translation>Hotline console
{overdue} overdue · {due} due within the hour</translation>
    </message>
    <message>
        <source>未接来电</source>
        <translation>Missed call</translation>
    </message>
    <message>
        <source>到期提醒：{kind}</source>
        <translation>Due: {kind}</translation>
    </message>
    <message>
        <source>{n} 项到期提醒</source>
        <translation>{n} items due</translation>
    </message>
    <message>
        <source>……还有 {n} 项</source>
        <translation>… and {n} more</translation>
    </message>
    <message>
        <source>显示值班台</source>
        <translation>Show the console</translation>
    </message>
    <message>
        <source>一小时内没有到期的事项</source>
        <translation>Nothing due within the hour</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>DeskWindows</name>
    <message>
        <source>交班记录还没有保存</source>
        <translation>Handover note not saved</translation>
    </message>
    <message>
        <source>交班记录改过了，还没有保存。关闭值班台之前保存吗？</source>
        <translation>The handover note was changed and not saved. Save it before the console closes?</translation>
    </message>
    <message>
        <source>请先保存或放弃正在填写的新来电。</source>
        <translation>Save or discard the New Call being typed first.</translation>
    </message>
    <message>
        <source>已登记未接来电，请及时回拨。</source>
        <translation>Missed call logged; call it back soon.</translation>
    </message>
    <message>
        <source>还没有任何班次。</source>
        <translation>There is no shift yet.</translation>
    </message>
    <message>
        <source>只显示本班工单：{shift}</source>
        <translation>Only this shift&apos;s tickets: {shift}</translation>
    </message>
    <message>
        <source>设置已保存；界面语言在重新启动后生效。</source>
        <translation>Settings saved; the language changes at the next start.</translation>
    </message>
    <message>
        <source>设置已保存。</source>
        <translation>Settings saved.</translation>
    </message>
</context>
<context>
    <name>DispatchDialog</name>
    <message>
        <source>派单</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>电话簿里没有处理这类问题的单位。</source>
        <translation>The phonebook has no unit that handles this kind of problem.</translation>
    </message>
    <message>
        <source>派单说明(&amp;N)：</source>
        <translation>Dispatch &amp;note:</translation>
    </message>
    <message>
        <source>承办单位（现在能联系上的排在前面）：</source>
        <translation>Units (those reachable now come first):</translation>
    </message>
</context>
<context>
    <name>DispatchPanel</name>
    <message>
        <source>没有负责该分类和社区的单位，请检查分类或直接答复。</source>
        <translation>No unit handles this category here; check the category or answer on the spot.</translation>
    </message>
    <message>
        <source>尚未选择承办单位。</source>
        <translation>No unit chosen yet.</translation>
    </message>
    <message>
        <source>派给：</source>
        <translation>Dispatch to:</translation>
    </message>
</context>
<context>
    <name>DueAlerts</name>
    <message>
        <source>到期提醒</source>
        <translation>Due queue</translation>
    </message>
    <message>
        <source>到期提醒(&amp;Q)</source>
        <translation>Due &amp;queue</translation>
    </message>
    <message>
        <source>推迟提醒(&amp;Z)…</source>
        <translation>Snoo&amp;ze reminder…</translation>
    </message>
    <message>
        <source>时限规则(&amp;L)…</source>
        <translation>Deadline ru&amp;les…</translation>
    </message>
    <message>
        <source>操作记录(&amp;U)…</source>
        <translation>A&amp;udit trail…</translation>
    </message>
    <message>
        <source>已确认 {n} 项提醒，不再重复响铃。</source>
        <translation>{n} reminders acknowledged; they will not ring again.</translation>
    </message>
    <message>
        <source>这张工单现在的状态不能在这里记录，请在工单菜单中选择操作。</source>
        <translation>This ticket&apos;s status allows no recording here; choose a step in the Ticket menu.</translation>
    </message>
    <message>
        <source>回拨未接来电</source>
        <translation>Call back a missed call</translation>
    </message>
    <message>
        <source>已回拨 {phone}。回拨记录（可不填）：</source>
        <translation>Called back {phone}. Note (optional):</translation>
    </message>
    <message>
        <source>请先在到期提醒中选中一项（F4）。</source>
        <translation>Choose an item in the due queue first (F4).</translation>
    </message>
</context>
<context>
    <name>DueQueueModel</name>
    <message>
        <source>到期</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>工单</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>来电</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>承办单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>派单回访</source>
        <translation>Check-back</translation>
    </message>
    <message>
        <source>办结时限</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <source>满意度回访</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>未接回拨</source>
        <translation>Call-back</translation>
    </message>
    <message>
        <source>刚到期</source>
        <translation>due now</translation>
    </message>
    <message>
        <source>逾期 {m} 分</source>
        <translation>{m} min late</translation>
    </message>
    <message>
        <source>逾期 {h} 时 {m:02d} 分</source>
        <translation>{h} h {m:02d} late</translation>
    </message>
    <message>
        <source>逾期 {d} 天</source>
        <translation>{d} days late</translation>
    </message>
    <message>
        <source>还有 {m}:{s:02d}</source>
        <translation>in {m}:{s:02d}</translation>
    </message>
    <message>
        <source>还有 {h} 时 {m:02d} 分</source>
        <translation>in {h} h {m:02d} min</translation>
    </message>
    <message>
        <source>未接来电</source>
        <translation>Missed call</translation>
    </message>
    <message>
        <source>推迟至 {t}</source>
        <translation>snoozed to {t}</translation>
    </message>
    <message>
        <source>{kind}，{due} 到期（{state}）</source>
        <translation>{kind}, due {due} ({state})</translation>
    </message>
    <message>
        <source>提醒已推迟至 {t}</source>
        <translation>Reminder snoozed until {t}</translation>
    </message>
    <message>
        <source>承办单位：{u}</source>
        <translation>Unit: {u}</translation>
    </message>
    <message>
        <source>分类：{c}</source>
        <translation>Category: {c}</translation>
    </message>
</context>
<context>
    <name>DueQueuePanel</name>
    <message>
        <source>打开工单(&amp;O)</source>
        <translation>&amp;Open ticket</translation>
    </message>
    <message>
        <source>记录回电(&amp;R)…</source>
        <translation>&amp;Record the call…</translation>
    </message>
    <message>
        <source>推迟提醒(&amp;S)…</source>
        <translation>&amp;Snooze…</translation>
    </message>
    <message>
        <source>知道了(&amp;A)</source>
        <translation>Seen (&amp;A)</translation>
    </message>
    <message>
        <source>正在响的提醒不再重复（仍标红，直到办完或推迟）</source>
        <translation>Stop repeating the ringing reminders (they stay red until done or snoozed)</translation>
    </message>
    <message>
        <source>提醒设置</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>静音(&amp;M)</source>
        <translation>&amp;Mute</translation>
    </message>
    <message>
        <source>超时后重复提醒</source>
        <translation>Repeat while overdue</translation>
    </message>
    <message>
        <source>每 {n} 分钟</source>
        <translation>Every {n} minutes</translation>
    </message>
    <message>
        <source>一小时内没有到期的事项。</source>
        <translation>Nothing due within the hour.</translation>
    </message>
    <message>
        <source>Enter 打开 · R 记录 · S 推迟 · A 知道了</source>
        <translation>Enter open · R record · S snooze · A seen</translation>
    </message>
    <message>
        <source>待办 {due} · 超时 {overdue}</source>
        <translation>Due {due} · Overdue {overdue}</translation>
    </message>
</context>
<context>
    <name>EditorBase</name>
    <message>
        <source>关闭(&amp;C)</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>请先在列表中选择{what}。</source>
        <translation>Select a {what} in the list first.</translation>
    </message>
</context>
<context>
    <name>ErrorGroupModel</name>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Count</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>选择(&amp;B)…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>不打码（仅值班领导）</source>
        <translation>Do not mask phone numbers (supervisors only)</translation>
    </message>
    <message>
        <source>只有值班领导或管理员可以导出完整的电话号码。</source>
        <translation>Only a supervisor or an admin may export full phone numbers.</translation>
    </message>
    <message>
        <source>导出(&amp;E)</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>打开文件夹(&amp;O)</source>
        <translation>&amp;Open folder</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>保存到(&amp;F)：</source>
        <translation>Save to &amp;folder:</translation>
    </message>
    <message>
        <source>选择保存的文件夹</source>
        <translation>Choose the folder to save to</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>已导出到：
{path}</source>
        <translation>Exported to:
{path}</translation>
    </message>
    <message>
        <source>已导出 {n} 个文件到 {folder}：
{names}</source>
        <translation>{n} files written to {folder}:
{names}</translation>
    </message>
    <message>
        <source>已取消导出，没有生成文件。</source>
        <translation>Export cancelled; no file was made.</translation>
    </message>
    <message>
        <source>导出失败，详细情况已记入日志。</source>
        <translation>The export failed; the details are in the log.</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>ExtensionRequestDialog</name>
    <message>
        <source>申请延期</source>
        <translation>Request more time</translation>
    </message>
    <message>
        <source> 个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <source>承办单位：{unit}</source>
        <translation>Unit: {unit}</translation>
    </message>
    <message>
        <source>延期(&amp;D)：</source>
        <translation>More &amp;days:</translation>
    </message>
    <message>
        <source>原因(&amp;R)：</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>请写明延期原因。</source>
        <translation>Please give the reason.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>查找来电人、电话、地址、内容（Ctrl+F）</source>
        <translation>Find caller, phone, address, content (Ctrl+F)</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>导入的未办结</source>
        <translation>Imported, open</translation>
    </message>
    <message>
        <source>状态(&amp;Z)：</source>
        <translation>Stat&amp;us:</translation>
    </message>
    <message>
        <source>清除筛选(&amp;C)</source>
        <translation>&amp;Clear filters</translation>
    </message>
    <message>
        <source>清除全部筛选条件（{key}）</source>
        <translation>Clear all filters ({key})</translation>
    </message>
    <message>
        <source>受理时间(&amp;B)：</source>
        <translation>Rece&amp;ived:</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>分类(&amp;L)：</source>
        <translation>Cate&amp;gory:</translation>
    </message>
    <message>
        <source>社区(&amp;Q)：</source>
        <translation>Commu&amp;nity:</translation>
    </message>
    <message>
        <source>单位(&amp;W)：</source>
        <translation>Unit (&amp;W):</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>全部分类</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>全部社区</source>
        <translation>All communities</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>{grid}（全部社区）</source>
        <translation>{grid} (all communities)</translation>
    </message>
    <message>
        <source>查找(&amp;D)：</source>
        <translation>Fin&amp;d:</translation>
    </message>
    <message>
        <source>{name}（停用）</source>
        <translation>{name} (inactive)</translation>
    </message>
</context>
<context>
    <name>GridEditDialog</name>
    <message>
        <source>编辑网格</source>
        <translation>Edit grid</translation>
    </message>
    <message>
        <source>新建网格</source>
        <translation>New grid</translation>
    </message>
    <message>
        <source>{name}（现属 {grid}）</source>
        <translation>{name} (now in {grid})</translation>
    </message>
    <message>
        <source>网格名称(&amp;N)：</source>
        <translation>Grid &amp;name:</translation>
    </message>
    <message>
        <source>网格员(&amp;W)：</source>
        <translation>Grid &amp;worker:</translation>
    </message>
    <message>
        <source>电话(&amp;P)：</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>负责社区(&amp;M)：</source>
        <translation>Co&amp;mmunities:</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>空格键勾选社区；Enter 保存，Esc 取消。</source>
        <translation>Space ticks a community; Enter saves, Esc cancels.</translation>
    </message>
</context>
<context>
    <name>GridModel</name>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid worker</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>负责社区</source>
        <translation>Communities</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>GridsPage</name>
    <message>
        <source>网格</source>
        <translation>Grids</translation>
    </message>
    <message>
        <source>每个网格的名称、网格员和电话，以及它负责的社区（空格键勾选）。按“加入网格”再填下一个；可以跳过。</source>
        <translation>Each grid&apos;s name, grid worker and phone, and the communities it covers (Space ticks one). Press &quot;Add grid&quot; to enter another; this step can be skipped.</translation>
    </message>
    <message>
        <source>网格名称(&amp;G)：</source>
        <translation>&amp;Grid name:</translation>
    </message>
    <message>
        <source>网格员(&amp;W)：</source>
        <translation>Grid &amp;worker:</translation>
    </message>
    <message>
        <source>电话(&amp;P)：</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>负责社区(&amp;C)：</source>
        <translation>&amp;Communities:</translation>
    </message>
    <message>
        <source>加入网格(&amp;A)</source>
        <translation>&amp;Add grid</translation>
    </message>
    <message>
        <source>删除所选(&amp;D)</source>
        <translation>&amp;Delete selected</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid worker</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>网格名称</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>负责社区</source>
        <translation>Communities</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>HandbookEntryDialog</name>
    <message>
        <source>新建手册条目</source>
        <translation>New handbook entry</translation>
    </message>
    <message>
        <source>编辑手册条目</source>
        <translation>Edit handbook entry</translation>
    </message>
    <message>
        <source>通用（不限分类）</source>
        <translation>General (any category)</translation>
    </message>
    <message>
        <source>问题(&amp;Q)：</source>
        <translation>&amp;Question:</translation>
    </message>
    <message>
        <source>分类(&amp;C)：</source>
        <translation>&amp;Category:</translation>
    </message>
    <message>
        <source>关键词(&amp;K)：</source>
        <translation>&amp;Keywords:</translation>
    </message>
    <message>
        <source>答复内容(&amp;A)：</source>
        <translation>&amp;Answer:</translation>
    </message>
</context>
<context>
    <name>HandoverNote</name>
    <message>
        <source>交班记录</source>
        <translation>Handover note</translation>
    </message>
    <message>
        <source>交班记录改过了，还没有保存。放弃这些修改吗？</source>
        <translation>The handover note was changed and not saved. Throw the changes away?</translation>
    </message>
</context>
<context>
    <name>HandoverNoteDialog</name>
    <message>
        <source>交班记录</source>
        <translation>Handover note</translation>
    </message>
    <message>
        <source>班次：{shift}</source>
        <translation>Shift: {shift}</translation>
    </message>
    <message>
        <source>交给下一班的事项：哪些事在等谁回电、哪里要再看一眼……</source>
        <translation>For the next shift: who is waiting for a call back, what needs another look…</translation>
    </message>
    <message>
        <source>Ctrl+Enter 保存</source>
        <translation>Ctrl+Enter saves</translation>
    </message>
</context>
<context>
    <name>ImportsPage</name>
    <message>
        <source>导入电话簿和历史工单（可选）</source>
        <translation>Import the phonebook and old tickets (optional)</translation>
    </message>
    <message>
        <source>设置已保存。如果有责任单位电话簿或以前的热线登记表（Excel），现在可以导入；也可以以后在电话簿和“文件”菜单里导入。按“完成”进入值班台。</source>
        <translation>The set-up is saved. If you have a phonebook of responsible units or an old hotline register (Excel), you can import it now, or later from the phonebook and the File menu. Press &quot;Finish&quot; to open the console.</translation>
    </message>
    <message>
        <source>导入电话簿(&amp;P)…</source>
        <translation>Import &amp;phonebook…</translation>
    </message>
    <message>
        <source>导入历史工单(&amp;R)…</source>
        <translation>Import old &amp;register…</translation>
    </message>
</context>
<context>
    <name>Launch</name>
    <message>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>无法打开数据库：{db}
详细情况已记入日志：{log}</source>
        <translation>Cannot open the database: {db}
The details are in the log: {log}</translation>
    </message>
    <message>
        <source>值班台已经打开</source>
        <translation>The console is already open</translation>
    </message>
    <message>
        <source>这个数据库的值班台已经在这台电脑上打开（进程 {pid}），已请那个窗口来到最前面。
同一个数据库只开一个窗口：提醒不会响两遍，新来电的草稿也不会互相覆盖。</source>
        <translation>The console is already open on this database on this computer (process {pid}); that window has been asked to come to the front.
One window per database: reminders do not ring twice and New Call drafts do not overwrite each other.</translation>
    </message>
</context>
<context>
    <name>LinkSettingsDialog</name>
    <message>
        <source>电话链路</source>
        <translation>Telephone link</translation>
    </message>
    <message>
        <source>无（手工登记）</source>
        <translation>None (log by hand)</translation>
    </message>
    <message>
        <source>SIP 分机（baresip ctrl_tcp）</source>
        <translation>SIP extension (baresip ctrl_tcp)</translation>
    </message>
    <message>
        <source>PBX 桥接（CTI HTTP 事件）</source>
        <translation>PBX bridge (CTI HTTP events)</translation>
    </message>
    <message>
        <source>baresip：127.0.0.1:4444；CTI：监听端口，如 8088</source>
        <translation>baresip: 127.0.0.1:4444; CTI: the port to listen on, e.g. 8088</translation>
    </message>
    <message>
        <source>本席位分机号，如 8001；留空：所有来电</source>
        <translation>This seat&apos;s extension, e.g. 8001; empty: every call</translation>
    </message>
    <message>
        <source>至少 8 个字符</source>
        <translation>8 characters or more</translation>
    </message>
    <message>
        <source>链路类型(&amp;T)</source>
        <translation>Link &amp;type</translation>
    </message>
    <message>
        <source>地址(&amp;A)</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>本席位分机(&amp;E)</source>
        <translation>This seat&apos;s &amp;extension</translation>
    </message>
    <message>
        <source>回拨时 baresip 拨打的号码：{number}，或 sip:{number}@pbx.example</source>
        <translation>What baresip dials for a call-back: {number}, or sip:{number}@pbx.example</translation>
    </message>
    <message>
        <source>CTI 令牌(&amp;K)</source>
        <translation>CTI to&amp;ken</translation>
    </message>
    <message>
        <source>回拨拨号格式(&amp;D)</source>
        <translation>Call-back &amp;dial format</translation>
    </message>
    <message>
        <source>链路只属于这台电脑；断开或未设置时，照常手工登记（F3 未接来电）。</source>
        <translation>The link belongs to this computer only; without one, or while it is down, log calls by hand as before (F3 missed call).</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录 — 社区服务热线值班台</source>
        <translation>Log in — Community Service Hotline Desk</translation>
    </message>
    <message>
        <source>社区服务热线值班台</source>
        <translation>Community Service Hotline Desk</translation>
    </message>
    <message>
        <source>用户名(&amp;U)：</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>密码(&amp;P)：</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>演示账号（密码均为 {password}）：</source>
        <translation>Demo accounts (password {password} for all):</translation>
    </message>
    <message>
        <source>请输入用户名。</source>
        <translation>Please enter a user name.</translation>
    </message>
    <message>
        <source>切换用户 — 社区服务热线值班台</source>
        <translation>Switch user — Community Service Hotline</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>工单详情</source>
        <translation>Ticket details</translation>
    </message>
    <message>
        <source>备份数据库(&amp;B)…</source>
        <translation>&amp;Back up database…</translation>
    </message>
    <message>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>新来电(&amp;N)…</source>
        <translation>&amp;New call…</translation>
    </message>
    <message>
        <source>未接来电(&amp;M)…</source>
        <translation>&amp;Missed call…</translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>督办通知单已保存：{path}</source>
        <translation>Press notice saved: {path}</translation>
    </message>
    <message>
        <source>检查数据库(&amp;K)…</source>
        <translation>Chec&amp;k the database…</translation>
    </message>
    <message>
        <source>从备份恢复(&amp;E)…</source>
        <translation>R&amp;estore from a backup…</translation>
    </message>
    <message>
        <source>交接班日志(&amp;S)…</source>
        <translation>&amp;Shift log…</translation>
    </message>
    <message>
        <source>季度分析(&amp;Q)…</source>
        <translation>&amp;Quarterly analysis…</translation>
    </message>
    <message>
        <source>月报/季报(&amp;B)…</source>
        <translation>&amp;Bulletin (monthly/quarterly)…</translation>
    </message>
    <message>
        <source>开放数据（Open311）(&amp;O)…</source>
        <translation>&amp;Open data (Open311)…</translation>
    </message>
    <message>
        <source>导入历史工单(&amp;I)…</source>
        <translation>&amp;Import old tickets…</translation>
    </message>
    <message>
        <source>注销 / 切换用户(&amp;L)…</source>
        <translation>&amp;Log Out / Switch User…</translation>
    </message>
    <message>
        <source>换人值班：不退出程序，到期提醒照常</source>
        <translation>Hand the desk to the next person without quitting; due alerts keep running</translation>
    </message>
    <message>
        <source>街道与社区(&amp;S)…</source>
        <translation>&amp;Street and Communities…</translation>
    </message>
    <message>
        <source>问题分类(&amp;C)…</source>
        <translation>&amp;Categories…</translation>
    </message>
    <message>
        <source>诉求类型(&amp;R)…</source>
        <translation>&amp;Request Types…</translation>
    </message>
    <message>
        <source>节假日日历(&amp;H)…</source>
        <translation>&amp;Holiday calendar…</translation>
    </message>
    <message>
        <source>账号(&amp;A)…</source>
        <translation>&amp;Accounts…</translation>
    </message>
    <message>
        <source>电话簿(&amp;P)…</source>
        <translation>&amp;Phonebook…</translation>
    </message>
    <message>
        <source>未接来电列表(&amp;L)…</source>
        <translation>Missed calls &amp;list…</translation>
    </message>
    <message>
        <source>登记册：重点人群、服务手册(&amp;R)…</source>
        <translation>&amp;Registers: special groups, handbook…</translation>
    </message>
    <message>
        <source>交班记录(&amp;H)…</source>
        <translation>&amp;Handover note…</translation>
    </message>
    <message>
        <source>只看本班工单(&amp;T)</source>
        <translation>Only this shift&apos;s &amp;tickets</translation>
    </message>
    <message>
        <source>外观与语言(&amp;A)…</source>
        <translation>&amp;Appearance and language…</translation>
    </message>
    <message>
        <source>设置向导(&amp;W)…</source>
        <translation>Set-up &amp;wizard…</translation>
    </message>
    <message>
        <source>开班(&amp;O)</source>
        <translation>&amp;Open shift</translation>
    </message>
    <message>
        <source>交班(&amp;C)…</source>
        <translation>&amp;Close shift…</translation>
    </message>
    <message>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>打开日志文件夹(&amp;L)</source>
        <translation>Open &amp;log folder</translation>
    </message>
    <message>
        <source>按受理时间(&amp;T)</source>
        <translation>By &amp;time received</translation>
    </message>
    <message>
        <source>按编号(&amp;N)</source>
        <translation>By &amp;number</translation>
    </message>
    <message>
        <source>按状态(&amp;S)</source>
        <translation>By &amp;status</translation>
    </message>
    <message>
        <source>按电话(&amp;P)</source>
        <translation>By &amp;phone</translation>
    </message>
    <message>
        <source>倒序(&amp;D)</source>
        <translation>&amp;Descending</translation>
    </message>
    <message>
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>电话链路(&amp;P)…</source>
        <translation>Tele&amp;phone link…</translation>
    </message>
    <message>
        <source>模拟来电(&amp;R)</source>
        <translation>Simulate a &amp;ring</translation>
    </message>
    <message>
        <source>没有电话链路时，看看来电时值班台会显示什么</source>
        <translation>Without a telephone link: see what the desk shows when the phone rings</translation>
    </message>
    <message>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>找到 {n} 条以上，只显示最新的 {n} 条</source>
        <translation>More than {n} found; showing the newest {n}</translation>
    </message>
    <message>
        <source>找到 {n} 条</source>
        <translation>{n} found</translation>
    </message>
    <message>
        <source>没有找到“{term}”</source>
        <translation>Nothing found for &quot;{term}&quot;</translation>
    </message>
    <message>
        <source>这一列不能排序（要把全部工单逐行排序）。可按编号、受理时间、状态、电话排序。</source>
        <translation>This column cannot be sorted (it would mean sorting every ticket row by row). Sort by number, time received, status or phone.</translation>
    </message>
    <message>
        <source>{n} 张导入的未办结工单：在状态筛选中选“导入的未办结”列出它们。</source>
        <translation>{n} imported ticket(s) still open: choose the status filter &apos;Imported, open&apos; to list them.</translation>
    </message>
    <message>
        <source>社区服务热线值班台</source>
        <translation>Community Service Hotline Desk</translation>
    </message>
    <message>
        <source>社区服务热线值班台 — {desk}</source>
        <translation>Community Service Hotline Desk — {desk}</translation>
    </message>
    <message>
        <source>（演示）</source>
        <translation> (demo)</translation>
    </message>
    <message>
        <source>无法完成</source>
        <translation>Cannot do that</translation>
    </message>
    <message>
        <source>已保存工单 {number}</source>
        <translation>Ticket {number} saved</translation>
    </message>
    <message>
        <source>恢复未保存的来电</source>
        <translation>Restore unsaved call</translation>
    </message>
    <message>
        <source>上次有一张新来电没有保存（程序意外关闭或注销时正在填写）。现在恢复并继续填写吗？
选择“否”将丢弃这份草稿。</source>
        <translation>A new call was not saved last time (the program closed unexpectedly, or you logged out while typing it). Restore it and go on?
Choosing &quot;No&quot; discards this draft.</translation>
    </message>
    <message>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>还有操作没有完成，请稍后再试。</source>
        <translation>Some work is still running; try again in a moment.</translation>
    </message>
    <message>
        <source>退出值班台</source>
        <translation>Quit the console</translation>
    </message>
    <message>
        <source>没有人登录。要退出值班台程序吗？
选择“否”回到登录窗口。</source>
        <translation>Nobody is logged in. Quit the console?
Choose &quot;No&quot; to return to the login.</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>社区服务热线值班台
版本 {version}
数据库结构版本 {head}

数据库：{db}
日志：{logs}</source>
        <translation>Community Service Hotline Desk
Version {version}
Database schema {head}

Database: {db}
Logs: {logs}</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>并单</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>工单 {n} 将作为重复工单并入下面这张未办结的工单：本单结束（已并单），来电人转入该工单一并回访，受理量只计一次。并单不能撤销。</source>
        <translation>Ticket {n} is a duplicate and goes into the open ticket below: it ends (merged), its callers join that ticket&apos;s satisfaction call, and the matter is counted once. A merge cannot be undone.</translation>
    </message>
    <message>
        <source>并入工单(&amp;T)：</source>
        <translation>Merge into (&amp;T):</translation>
    </message>
    <message>
        <source>原因(&amp;R)：</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>请选择或输入要并入的工单号。</source>
        <translation>Pick or type the number of the ticket to merge into.</translation>
    </message>
    <message>
        <source>请写明并单原因。</source>
        <translation>Please give the reason for the merge.</translation>
    </message>
</context>
<context>
    <name>MissedCallDialog</name>
    <message>
        <source>登记未接来电</source>
        <translation>Log a missed call</translation>
    </message>
    <message>
        <source>来电显示的号码</source>
        <translation>The number on the caller ID</translation>
    </message>
    <message>
        <source>输入号码后按 Enter 登记；时间默认为现在。</source>
        <translation>Type the number and press Enter; the time is now unless you change it.</translation>
    </message>
    <message>
        <source>号码(&amp;N)：</source>
        <translation>&amp;Number:</translation>
    </message>
    <message>
        <source>时间(&amp;T)：</source>
        <translation>&amp;Time:</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>登记失败：数据库暂时无法写入，请稍后再试。</source>
        <translation>Could not log it: the database cannot be written right now. Try again shortly.</translation>
    </message>
</context>
<context>
    <name>MissedCallTableModel</name>
    <message>
        <source>来电时间</source>
        <translation>Called at</translation>
    </message>
    <message>
        <source>号码</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>回拨时限</source>
        <translation>Call back by</translation>
    </message>
    <message>
        <source>回拨</source>
        <translation>Called back</translation>
    </message>
    <message>
        <source>工单</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>{d} 天 {h} 小时</source>
        <translation>{d} d {h} h</translation>
    </message>
    <message>
        <source>{h} 小时 {m} 分钟</source>
        <translation>{h} h {m} min</translation>
    </message>
    <message>
        <source>{m} 分钟</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>已超时 {t}</source>
        <translation>overdue by {t}</translation>
    </message>
    <message>
        <source>还有 {t}</source>
        <translation>in {t}</translation>
    </message>
    <message>
        <source>无需回拨</source>
        <translation>not needed</translation>
    </message>
    <message>
        <source>未回拨</source>
        <translation>not yet</translation>
    </message>
</context>
<context>
    <name>MissedCallsWindow</name>
    <message>
        <source>未接来电</source>
        <translation>Missed calls</translation>
    </message>
    <message>
        <source>未回拨</source>
        <translation>Not called back</translation>
    </message>
    <message>
        <source>全部（最新在前）</source>
        <translation>All (newest first)</translation>
    </message>
    <message>
        <source>显示(&amp;S)：</source>
        <translation>&amp;Show:</translation>
    </message>
    <message>
        <source>登记未接来电(&amp;N)…</source>
        <translation>Log a missed call (&amp;N)…</translation>
    </message>
    <message>
        <source>回拨并登记来电(&amp;C)…</source>
        <translation>&amp;Call back and log the call…</translation>
    </message>
    <message>
        <source>已回拨，无需登记(&amp;D)…</source>
        <translation>Calle&amp;d back, nothing to log…</translation>
    </message>
    <message>
        <source>拨号回拨(&amp;L)</source>
        <translation>Dia&amp;l back</translation>
    </message>
    <message>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>未回拨 {n} 个</source>
        <translation>{n} not called back</translation>
    </message>
    <message>
        <source>工单 {number} 已保存；回拨未记录：{why}</source>
        <translation>Ticket {number} saved; the call-back was not recorded: {why}</translation>
    </message>
    <message>
        <source>已回拨，并登记为工单 {number}。</source>
        <translation>Called back and logged as ticket {number}.</translation>
    </message>
    <message>
        <source>本席位没有已连接的 SIP 电话链路：请用电话回拨后按 Ctrl+K 记录。</source>
        <translation>This seat has no SIP link connected: call back on the telephone, then record it with Ctrl+K.</translation>
    </message>
    <message>
        <source>正在回拨 {phone}…结果会自动记录。</source>
        <translation>Calling {phone} back… the outcome is recorded by itself.</translation>
    </message>
    <message>
        <source>已回拨</source>
        <translation>Called back</translation>
    </message>
    <message>
        <source>回拨结果（可不填）：</source>
        <translation>Result of the call-back (optional):</translation>
    </message>
    <message>
        <source>已记录回拨：{phone}</source>
        <translation>Call-back recorded: {phone}</translation>
    </message>
</context>
<context>
    <name>NewCallDialog</name>
    <message>
        <source>新来电登记</source>
        <translation>New call</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>只登记(&amp;L)  F4</source>
        <translation>&amp;Log only  F4</translation>
    </message>
    <message>
        <source>直接答复(&amp;A)  F5</source>
        <translation>&amp;Answer now  F5</translation>
    </message>
    <message>
        <source>派单(&amp;D)  F6</source>
        <translation>&amp;Dispatch  F6</translation>
    </message>
    <message>
        <source>只登记来电，稍后再派单或答复。按 F5 直接答复，F6 派单。</source>
        <translation>Log the call only; dispatch or answer later. F5 answers on the spot, F6 dispatches.</translation>
    </message>
    <message>
        <source>保存  Ctrl+Enter</source>
        <translation>Save  Ctrl+Enter</translation>
    </message>
    <message>
        <source>取消  Esc</source>
        <translation>Cancel  Esc</translation>
    </message>
    <message>
        <source>直接答复：↑↓ 选手册条目，Enter 采用，可再修改；Ctrl+Enter 保存</source>
        <translation>Answer: ↑↓ choose a handbook entry, Enter uses it (editable); Ctrl+Enter saves</translation>
    </message>
    <message>
        <source>派单：↑↓ 选单位，Enter 选定（现在能联系的排在前面）；Ctrl+Enter 保存</source>
        <translation>Dispatch: ↑↓ choose a unit, Enter picks it (reachable ones first); Ctrl+Enter saves</translation>
    </message>
    <message>
        <source>未选分类：列出所有单位。请先选分类（如 td → 停电）。</source>
        <translation>No category chosen: all units are listed. Choose a category first (e.g. td → power cut).</translation>
    </message>
    <message>
        <source>无法读取承办单位，请重试。</source>
        <translation>Could not read the units; please try again.</translation>
    </message>
    <message>
        <source>{0}“{1}”不在列表中：请输入名称或拼音首字母，从列表中选择。</source>
        <translation>{0} &quot;{1}&quot; is not in the list: type a name or pinyin initials and choose from the list.</translation>
    </message>
    <message>
        <source>请选择承办单位：↑↓ 选择，Enter 选定。</source>
        <translation>Choose a unit: ↑↓ to move, Enter to pick.</translation>
    </message>
    <message>
        <source>保存失败：数据库暂时无法写入。已输入的内容已保存为草稿，请稍后再按 Ctrl+Enter。</source>
        <translation>Saving failed: the database cannot be written just now. What you typed is kept as a draft; press Ctrl+Enter again in a moment.</translation>
    </message>
    <message>
        <source>数据库正被另一个程序占用：正在等待保存，请稍候…</source>
        <translation>The database is in use by another program: waiting to save, please wait…</translation>
    </message>
    <message>
        <source>保存失败：{reason} 已输入的内容已保存为草稿，恢复后再按 Ctrl+Enter。</source>
        <translation>Not saved: {reason} What you typed is kept as a draft; press Ctrl+Enter again once the database is back.</translation>
    </message>
    <message>
        <source>正在保存，请稍候…</source>
        <translation>Saving, please wait…</translation>
    </message>
    <message>
        <source>放弃这条来电？</source>
        <translation>Discard this call?</translation>
    </message>
    <message>
        <source>已输入的内容还没有保存。确定放弃吗？</source>
        <translation>What you typed has not been saved. Discard it?</translation>
    </message>
    <message>
        <source>草稿未能保存</source>
        <translation>The draft could not be saved</translation>
    </message>
    <message>
        <source>草稿已自动保存 {0}</source>
        <translation>Draft saved automatically {0}</translation>
    </message>
    <message>
        <source>已恢复未保存的草稿</source>
        <translation>The unsaved draft was restored</translation>
    </message>
    <message>
        <source>姓名和地址取自上次工单 {number}（黄色），请核对</source>
        <translation>Name and address taken from the last ticket {number} (yellow): please check</translation>
    </message>
</context>
<context>
    <name>NewCallLauncher</name>
    <message>
        <source>新来电</source>
        <translation>New call</translation>
    </message>
    <message>
        <source>新来电登记窗口尚未安装。</source>
        <translation>The New Call form is not installed yet.</translation>
    </message>
</context>
<context>
    <name>Open311ExportDialog</name>
    <message>
        <source>导出开放数据（Open311）</source>
        <translation>Export open data (Open311)</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>受理日期(&amp;D)：</source>
        <translation>Received &amp;dates:</translation>
    </message>
    <message>
        <source>每张工单写成一条 GeoReport v2 服务请求（JSON）。已并单和已作废的工单不写入；来电人姓名和电话不写入；打码时地址只写到楼号，内容中的电话、身份证号和室号隐去。</source>
        <translation>Each ticket becomes one GeoReport v2 service request (JSON). Merged and void tickets are left out; callers&apos; names and phone numbers are never written; masked, the address stops at the building and phone, ID and room numbers in the text are hidden.</translation>
    </message>
    <message>
        <source>不打码：完整地址和号码（仅值班领导）</source>
        <translation>Unmasked: full addresses and numbers (supervisors only)</translation>
    </message>
    <message>
        <source>已导出 {n} 条服务请求到：
{path}</source>
        <translation>{n} service request(s) exported to:
{path}</translation>
    </message>
</context>
<context>
    <name>PhoneLink</name>
    <message>
        <source>电话链路：未设置</source>
        <translation>Telephone link: not set</translation>
    </message>
    <message>
        <source>电话链路：{text}</source>
        <translation>Telephone link: {text}</translation>
    </message>
    <message>
        <source>电话链路：CTI 正在监听</source>
        <translation>Telephone link: CTI listening</translation>
    </message>
    <message>
        <source>电话链路：正在连接 baresip…</source>
        <translation>Telephone link: connecting to baresip…</translation>
    </message>
    <message>
        <source>正在回拨 {phone}…</source>
        <translation>Calling {phone} back…</translation>
    </message>
    <message>
        <source>回拨 {phone}：{outcome}，已记录回拨。</source>
        <translation>Call-back to {phone}: {outcome}; the call-back is recorded.</translation>
    </message>
    <message>
        <source>回拨 {phone}：{outcome}；稍后到期提醒会再提示回拨。</source>
        <translation>Call-back to {phone}: {outcome}; the due queue will remind you to try again.</translation>
    </message>
    <message>
        <source>电话链路：已连接（{source}）</source>
        <translation>Telephone link: connected ({source})</translation>
    </message>
    <message>
        <source>电话链路：已断开，正在重试（{text}）</source>
        <translation>Telephone link: down, retrying ({text})</translation>
    </message>
    <message>
        <source>未接来电已自动登记：{phone}</source>
        <translation>Missed call recorded automatically: {phone}</translation>
    </message>
    <message>
        <source>未接来电未能自动登记：{text}</source>
        <translation>Missed call not recorded: {text}</translation>
    </message>
</context>
<context>
    <name>PhonebookWindow</name>
    <message>
        <source>电话簿</source>
        <translation>Phonebook</translation>
    </message>
    <message>
        <source>名称、拼音首字母、联系人、电话、技能</source>
        <translation>Name, pinyin initials, contact, phone, skill</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>只看现在能联系上的(&amp;N)</source>
        <translation>Only units reachable &amp;now</translation>
    </message>
    <message>
        <source>新建单位(&amp;N)…</source>
        <translation>&amp;New unit…</translation>
    </message>
    <message>
        <source>编辑(&amp;E)…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>停用/启用(&amp;A)</source>
        <translation>De&amp;activate / activate</translation>
    </message>
    <message>
        <source>删除(&amp;D)…</source>
        <translation>&amp;Delete…</translation>
    </message>
    <message>
        <source>问题分类(&amp;C)…</source>
        <translation>&amp;Categories…</translation>
    </message>
    <message>
        <source>导入(&amp;I)…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <source>导出(&amp;X)…</source>
        <translation>E&amp;xport…</translation>
    </message>
    <message>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>查找(&amp;F)：</source>
        <translation>&amp;Find:</translation>
    </message>
    <message>
        <source>类别(&amp;K)：</source>
        <translation>&amp;Kind:</translation>
    </message>
    <message>
        <source>社区(&amp;Q)：</source>
        <translation>Co&amp;mmunity:</translation>
    </message>
    <message>
        <source>分类(&amp;L)：</source>
        <translation>Cate&amp;gory:</translation>
    </message>
    <message>
        <source>全部社区</source>
        <translation>All communities</translation>
    </message>
    <message>
        <source>全部分类</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>正在查找…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>{n} 个单位，现在（{time}）能联系上 {r} 个</source>
        <translation>{n} unit(s); {r} reachable now ({time})</translation>
    </message>
    <message>
        <source>显示前 {n} 个单位，还有更多，请输入更多字词；其中现在（{time}）能联系上 {r} 个</source>
        <translation>The first {n} units are shown, there are more: type more to narrow the search; {r} of these reachable now ({time})</translation>
    </message>
    <message>
        <source>已保存：{name}</source>
        <translation>Saved: {name}</translation>
    </message>
    <message>
        <source>已启用：{name}</source>
        <translation>Activated: {name}</translation>
    </message>
    <message>
        <source>已停用：{name}</source>
        <translation>Deactivated: {name}</translation>
    </message>
    <message>
        <source>删除单位</source>
        <translation>Delete unit</translation>
    </message>
    <message>
        <source>删除“{name}”？
已派过工单的单位不能删除，只能停用。</source>
        <translation>Delete &apos;{name}&apos;?
A unit that tickets were dispatched to cannot be deleted, only deactivated.</translation>
    </message>
    <message>
        <source>已删除：{name}</source>
        <translation>Deleted: {name}</translation>
    </message>
    <message>
        <source>电话簿已导入。</source>
        <translation>Phonebook imported.</translation>
    </message>
    <message>
        <source>导出电话簿</source>
        <translation>Export the phonebook</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>已导出 {n} 行到 {path}</source>
        <translation>Exported {n} row(s) to {path}</translation>
    </message>
    <message>
        <source>导出失败：{why}</source>
        <translation>Export failed: {why}</translation>
    </message>
    <message>
        <source>导出失败，详细情况已记入日志。</source>
        <translation>Export failed; the details are in the log.</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>工单 {n} 的照片</source>
        <translation>Photo of ticket {n}</translation>
    </message>
    <message>
        <source>照片无法显示。</source>
        <translation>The photo cannot be shown.</translation>
    </message>
    <message>
        <source>另存为(&amp;S)…</source>
        <translation>&amp;Save as…</translation>
    </message>
    <message>
        <source>保存照片</source>
        <translation>Save the photo</translation>
    </message>
    <message>
        <source>图片 (*.jpg *.jpeg *.png)</source>
        <translation>Pictures (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>无法保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>照片没有保存：{e}</source>
        <translation>The photo was not saved: {e}</translation>
    </message>
</context>
<context>
    <name>QuarterlyExportDialog</name>
    <message>
        <source>导出季度分析</source>
        <translation>Export the quarterly analysis</translation>
    </message>
    <message>
        <source>第 {q} 季度</source>
        <translation>Quarter {q}</translation>
    </message>
    <message>
        <source>年份与季度(&amp;Y)：</source>
        <translation>&amp;Year and quarter:</translation>
    </message>
</context>
<context>
    <name>RankedContactModel</name>
    <message>
        <source>承办单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>现在能否联系</source>
        <translation>Reachable now?</translation>
    </message>
</context>
<context>
    <name>RectifyDialog</name>
    <message>
        <source>整改</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>工单 {n}：记录承办单位的整改情况。</source>
        <translation>Ticket {n}: record the unit&apos;s rectification.</translation>
    </message>
    <message>
        <source>整改方式(&amp;W)：</source>
        <translation>&amp;Way:</translation>
    </message>
    <message>
        <source>已整改，安排再回访</source>
        <translation>Rectified: call the resident again</translation>
    </message>
    <message>
        <source>需重新办理（工单重新派单，办结后再回访）</source>
        <translation>Must be done again (the ticket is dispatched again and called after it is resolved)</translation>
    </message>
    <message>
        <source>整改情况(&amp;N)：</source>
        <translation>&amp;Rectification:</translation>
    </message>
    <message>
        <source>请填写整改情况。</source>
        <translation>Please describe the rectification.</translation>
    </message>
</context>
<context>
    <name>RegisterEntryDialog</name>
    <message>
        <source>保存失败：数据库暂时无法写入，请稍后再试。</source>
        <translation>Could not save: the database cannot be written right now. Try again shortly.</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>人群类别</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>需求</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>网格员</source>
        <translation>Grid worker</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>关键词</source>
        <translation>Keywords</translation>
    </message>
    <message>
        <source>通用</source>
        <translation>General</translation>
    </message>
    <message>
        <source>电话：{v}</source>
        <translation>Phone: {v}</translation>
    </message>
    <message>
        <source>地址：{v}</source>
        <translation>Address: {v}</translation>
    </message>
    <message>
        <source>网格员：{v}</source>
        <translation>Grid worker: {v}</translation>
    </message>
    <message>
        <source>需求：</source>
        <translation>Needs:</translation>
    </message>
    <message>
        <source>备注：</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <source>分类：{v}</source>
        <translation>Category: {v}</translation>
    </message>
    <message>
        <source>关键词：{v}</source>
        <translation>Keywords: {v}</translation>
    </message>
    <message>
        <source>答复：</source>
        <translation>Answer:</translation>
    </message>
</context>
<context>
    <name>RegisterTab</name>
    <message>
        <source>查找(&amp;F)：</source>
        <translation>&amp;Find:</translation>
    </message>
    <message>
        <source>新建(&amp;N)…</source>
        <translation>&amp;New…</translation>
    </message>
    <message>
        <source>编辑(&amp;E)…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>删除(&amp;D)…</source>
        <translation>&amp;Delete…</translation>
    </message>
    <message>
        <source>只显示前 {n} 条，请缩小查找范围</source>
        <translation>Showing the first {n}; narrow the search</translation>
    </message>
    <message>
        <source>{n} 条</source>
        <translation>{n} row(s)</translation>
    </message>
    <message>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>删除选中的这一条？删除记录会留在操作日志中。</source>
        <translation>Delete the selected row? The audit trail keeps a record of it.</translation>
    </message>
    <message>
        <source>已删除。</source>
        <translation>Deleted.</translation>
    </message>
</context>
<context>
    <name>RegistersWindow</name>
    <message>
        <source>登记册</source>
        <translation>Registers</translation>
    </message>
    <message>
        <source>全部人群</source>
        <translation>All groups</translation>
    </message>
    <message>
        <source>全部社区</source>
        <translation>All communities</translation>
    </message>
    <message>
        <source>人群(&amp;G)：</source>
        <translation>&amp;Group:</translation>
    </message>
    <message>
        <source>社区(&amp;Q)：</source>
        <translation>Co&amp;mmunity:</translation>
    </message>
    <message>
        <source>姓名、电话、地址、需求、网格员</source>
        <translation>Name, phone, address, needs, grid worker</translation>
    </message>
    <message>
        <source>全部分类</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>分类(&amp;L)：</source>
        <translation>Cate&amp;gory:</translation>
    </message>
    <message>
        <source>问题、答复、关键词</source>
        <translation>Question, answer, keywords</translation>
    </message>
    <message>
        <source>重点人群(&amp;1)</source>
        <translation>Special groups (&amp;1)</translation>
    </message>
    <message>
        <source>服务手册(&amp;2)</source>
        <translation>Service handbook (&amp;2)</translation>
    </message>
</context>
<context>
    <name>RequestTypeModel</name>
    <message>
        <source>诉求类型</source>
        <translation>Request type</translation>
    </message>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>工单数</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>预置</source>
        <translation>Built in</translation>
    </message>
    <message>
        <source>本台添加</source>
        <translation>This desk</translation>
    </message>
</context>
<context>
    <name>RequestTypesDialog</name>
    <message>
        <source>诉求类型</source>
        <translation>request type</translation>
    </message>
    <message>
        <source>添加(&amp;A)…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>改名(&amp;R)…</source>
        <translation>&amp;Rename…</translation>
    </message>
    <message>
        <source>停用/恢复(&amp;T)</source>
        <translation>Re&amp;tire/Reinstate</translation>
    </message>
    <message>
        <source>添加诉求类型</source>
        <translation>Add request type</translation>
    </message>
    <message>
        <source>诉求类型名称：</source>
        <translation>Name of the request type:</translation>
    </message>
    <message>
        <source>诉求类型改名</source>
        <translation>Rename request type</translation>
    </message>
    <message>
        <source>“{name}”的新名称：</source>
        <translation>New name for &quot;{name}&quot;:</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>回访复核</source>
        <translation>Review of the rating</translation>
    </message>
    <message>
        <source>工单 {n} 的回访评价为“{r}”。</source>
        <translation>Ticket {n} was rated &quot;{r}&quot;.</translation>
    </message>
    <message>
        <source>复核结论(&amp;V)：</source>
        <translation>&amp;Verdict:</translation>
    </message>
    <message>
        <source>属实：承办单位整改</source>
        <translation>Upheld: the unit rectifies</translation>
    </message>
    <message>
        <source>不属实：维持评价，复核结束</source>
        <translation>Not upheld: the rating stands, the review ends</translation>
    </message>
    <message>
        <source>复核意见(&amp;N)：</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <source>请填写复核意见。</source>
        <translation>Please write the review note.</translation>
    </message>
</context>
<context>
    <name>RowsModel</name>
    <message>
        <source>在用</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Retired</translation>
    </message>
</context>
<context>
    <name>SatisfactionDialog</name>
    <message>
        <source>满意度回访</source>
        <translation>Satisfaction call</translation>
    </message>
    <message>
        <source>再回访</source>
        <translation>Second call</translation>
    </message>
    <message>
        <source>居民作出评价</source>
        <translation>The resident rated</translation>
    </message>
    <message>
        <source>拒评（接通，居民不愿评价）</source>
        <translation>Declined (reached, would not rate)</translation>
    </message>
    <message>
        <source>回访不成功（未接通，稍后再试）</source>
        <translation>Not reached (try again later)</translation>
    </message>
    <message>
        <source>未询问</source>
        <translation>Not asked</translation>
    </message>
    <message>
        <source>未评</source>
        <translation>Not rated</translation>
    </message>
    <message>
        <source>请回访：</source>
        <translation>Call back: </translation>
    </message>
    <message>
        <source>五级评价（好差评）</source>
        <translation>Five levels (好差评)</translation>
    </message>
    <message>
        <source>三级评价</source>
        <translation>Three levels</translation>
    </message>
    <message>
        <source>评价等级：</source>
        <translation>Scale:</translation>
    </message>
    <message>
        <source>回访结果(&amp;O)：</source>
        <translation>&amp;Outcome:</translation>
    </message>
    <message>
        <source>满意度(&amp;S)：</source>
        <translation>&amp;Satisfaction:</translation>
    </message>
    <message>
        <source>解决情况(&amp;J)：</source>
        <translation>Sol&amp;ved:</translation>
    </message>
    <message>
        <source>服务态度(&amp;T)：</source>
        <translation>Atti&amp;tude:</translation>
    </message>
    <message>
        <source>办事能力(&amp;A)：</source>
        <translation>&amp;Ability:</translation>
    </message>
    <message>
        <source>回访意见(&amp;C)：</source>
        <translation>&amp;Comment:</translation>
    </message>
</context>
<context>
    <name>SearchFailure</name>
    <message>
        <source>查找出错，已记入日志</source>
        <translation>Search failed; see the log</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>浅色</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>深色（夜班）</source>
        <translation>Dark (night shift)</translation>
    </message>
    <message>
        <source>默认</source>
        <translation>Default</translation>
    </message>
    <message>
        <source> 磅</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>界面语言在重新启动值班台后生效。</source>
        <translation>The language changes when the console is started again.</translation>
    </message>
    <message>
        <source>主题(&amp;T)：</source>
        <translation>&amp;Theme:</translation>
    </message>
    <message>
        <source>字号(&amp;Z)：</source>
        <translation>Font si&amp;ze:</translation>
    </message>
    <message>
        <source>语言(&amp;L)：</source>
        <translation>&amp;Language:</translation>
    </message>
</context>
<context>
    <name>SetupAssistant</name>
    <message>
        <source>设置向导</source>
        <translation>Set-up wizard</translation>
    </message>
    <message>
        <source>设置向导（修改）</source>
        <translation>Set-up wizard (changes)</translation>
    </message>
    <message>
        <source>下一步(&amp;N) &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>&lt; 上一步(&amp;B)</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>保存(&amp;N) &gt;</source>
        <translation>Save, &amp;next &gt;</translation>
    </message>
    <message>
        <source>完成(&amp;F)</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>“{page}”这一步没有保存：{why}</source>
        <translation>The step &quot;{page}&quot; was not saved: {why}</translation>
    </message>
    <message>
        <source>去登录(&amp;L)</source>
        <translation>&amp;Log in instead</translation>
    </message>
    <message>
        <source>已导入。可以继续导入，或按“完成”进入值班台。</source>
        <translation>Imported. Import more, or press &quot;Finish&quot; to open the console.</translation>
    </message>
    <message>
        <source>退出设置向导？填写的内容都不会保存，下次启动时会重新开始。</source>
        <translation>Leave the set-up wizard? Nothing you entered is saved; it starts again next time.</translation>
    </message>
    <message>
        <source>退出设置向导？这次的修改不会保存。</source>
        <translation>Leave the set-up wizard? These changes are not saved.</translation>
    </message>
</context>
<context>
    <name>ShiftLogExportDialog</name>
    <message>
        <source>导出交接班日志</source>
        <translation>Export the shift log</translation>
    </message>
    <message>
        <source>本班次（还没有任何班次）</source>
        <translation>This shift (there are no shifts yet)</translation>
    </message>
    <message>
        <source>本班次：{shift}</source>
        <translation>This shift: {shift}</translation>
    </message>
    <message>
        <source>上一班次：{shift}</source>
        <translation>Last shift: {shift}</translation>
    </message>
    <message>
        <source>按日期(&amp;D)：</source>
        <translation>By &amp;date:</translation>
    </message>
    <message>
        <source>白班</source>
        <translation>Day shift</translation>
    </message>
    <message>
        <source>夜班</source>
        <translation>Night shift</translation>
    </message>
    <message>
        <source>班次：</source>
        <translation>Shift:</translation>
    </message>
    <message>
        <source>列出全部以前积压的工单(&amp;L)</source>
        <translation>&amp;List the whole older backlog</translation>
    </message>
    <message>
        <source>不勾选时，以前积压的未办结工单按承办单位和已受理时长汇总成一张表。</source>
        <translation>Unticked, the older open tickets are counted in one table by unit and age.</translation>
    </message>
</context>
<context>
    <name>ShiftLogPrintDialog</name>
    <message>
        <source>打印交接班日志</source>
        <translation>Print the shift log</translation>
    </message>
    <message>
        <source>打印预览(&amp;P)…</source>
        <translation>&amp;Print preview…</translation>
    </message>
    <message>
        <source>正在准备打印预览…</source>
        <translation>Preparing the print preview…</translation>
    </message>
</context>
<context>
    <name>ShiftsPage</name>
    <message>
        <source>班次时间</source>
        <translation>Shift hours</translation>
    </message>
    <message>
        <source>白班和夜班从几点开始（24 小时制）。交接班日志和按班次导出都按这两个时间划分。</source>
        <translation>When the day shift and the night shift begin (24-hour clock). Shift logs and exports by shift are cut at these times.</translation>
    </message>
    <message>
        <source>白班开始(&amp;D)：</source>
        <translation>&amp;Day shift starts:</translation>
    </message>
    <message>
        <source>夜班开始(&amp;Y)：</source>
        <translation>Night shift starts (&amp;Y):</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>只由值班领导更正</source>
        <translation>supervisors only</translation>
    </message>
    <message>
        <source>话务员可在这段时间内撤销自己刚做的一步（Ctrl+Z）；之后由值班领导更正，需写明原因。</source>
        <translation>Operators can undo a step they just took within this time (Ctrl+Z); after it a supervisor corrects it, with a reason.</translation>
    </message>
    <message>
        <source>撤销时限(&amp;U)：</source>
        <translation>&amp;Undo within:</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source>新来电时，提示这么多天内同一号码的来电，以及同一地址未办结的工单（可追加到原工单）。</source>
        <translation>On a new call, show this number&apos;s calls and the open tickets at the same address within this many days (a repeat call can be added to one).</translation>
    </message>
    <message>
        <source>重复来电提示(&amp;R)：</source>
        <translation>&amp;Repeat-call window:</translation>
    </message>
    <message>
        <source>延期申请次数(&amp;X)：</source>
        <translation>Requests for more time (&amp;X):</translation>
    </message>
    <message>
        <source> 次</source>
        <translation> times</translation>
    </message>
    <message>
        <source>每张工单承办单位最多可申请延期的次数（0 = 不允许延期）。</source>
        <translation>How many times a unit may ask for more time on one ticket (0: never).</translation>
    </message>
    <message>
        <source>每次最多延期(&amp;M)：</source>
        <translation>&amp;Most per request:</translation>
    </message>
    <message>
        <source> 个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <source>每次延期申请最多可延长的工作日数。</source>
        <translation>The most working days one request for more time may ask.</translation>
    </message>
    <message>
        <source>退单时限(&amp;T)：</source>
        <translation>Re&amp;turn within:</translation>
    </message>
    <message>
        <source>承办单位须在派单后这么多个工作日内退单，超过则应继续办理。</source>
        <translation>A unit must return a dispatch within this many working days; after that it keeps the ticket.</translation>
    </message>
    <message>
        <source> % 时限内</source>
        <translation> % of the limit</translation>
    </message>
    <message>
        <source>提前办结(&amp;E)：</source>
        <translation>&amp;Early completion:</translation>
    </message>
    <message>
        <source>月报、季报的提前办结率：按时办结且用时不超过办结时限（从首次派单算起）的这个百分比。</source>
        <translation>The bulletins count a ticket as done early when it is done on time within this share of its time limit (counted from the first dispatch).</translation>
    </message>
    <message>
        <source>满意度评价(&amp;V)：</source>
        <translation>Satisfaction scale (&amp;V):</translation>
    </message>
    <message>
        <source>三级：满意、基本满意、不满意；五级（政务服务好差评）：非常满意、满意、基本满意、不满意、非常不满意。改换后，已有的评价按原等级保留，报表按对照表合并统计。</source>
        <translation>Three levels: satisfied, fairly satisfied, unsatisfied; five (the government service 好差评): very satisfied, satisfied, fairly satisfied, unsatisfied, very unsatisfied. After a change, earlier ratings keep their own scale and reports combine them through the documented mapping.</translation>
    </message>
    <message>
        <source>回访尝试次数(&amp;A)：</source>
        <translation>Call &amp;attempts:</translation>
    </message>
    <message>
        <source>满意度回访未接通时再试；到这个次数仍未接通，记为回访不成功。</source>
        <translation>A satisfaction call nobody answers is tried again; after this many attempts it is recorded as not reached.</translation>
    </message>
    <message>
        <source>再试间隔(&amp;I)：</source>
        <translation>Retry &amp;interval:</translation>
    </message>
    <message>
        <source>回访未接通后，隔这么久再提醒回访（回访时限不变）。</source>
        <translation>After an unanswered call, remind again this much later (the deadline stays).</translation>
    </message>
    <message>
        <source>回拨振铃等待(&amp;G)：</source>
        <translation>Call-back rin&amp;g time:</translation>
    </message>
    <message>
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <source>经电话链路（baresip）回拨未接来电时，响铃这么久无人接听即挂断，记为无人接听。</source>
        <translation>A call-back dialled through the telephone link (baresip) that rings this long unanswered is hung up and recorded as no answer.</translation>
    </message>
    <message>
        <source>回拨再试间隔(&amp;B)：</source>
        <translation>Call-&amp;back retry after:</translation>
    </message>
    <message>
        <source>回拨无人接听或占线后，隔这么久再提醒回拨（回拨时限不变）。</source>
        <translation>After a call-back with no answer or a busy line, remind again this much later (the call-back deadline stays).</translation>
    </message>
    <message>
        <source>五级（好差评）</source>
        <translation>Five levels (好差评)</translation>
    </message>
    <message>
        <source>三级</source>
        <translation>Three levels</translation>
    </message>
    <message>
        <source>（不自动打印）</source>
        <translation>(do not print)</translation>
    </message>
    <message>
        <source>交班时，交接班日志自动保存到报表文件夹；选了打印机的，同时打印一份。</source>
        <translation>Closing a shift saves its log in the reports folder; with a printer chosen, a copy is printed too.</translation>
    </message>
    <message>
        <source>交班后打印日志(&amp;P)：</source>
        <translation>&amp;Print the log at handover:</translation>
    </message>
    <message>
        <source>按“保存”后，前面各步填写的内容一起写入（先建管理员账号）；之后可以导入电话簿和历史工单。</source>
        <translation>&quot;Save&quot; writes what the pages before entered, all together (the administrator&apos;s account first); then the phonebook and old tickets can be imported.</translation>
    </message>
</context>
<context>
    <name>SnoozeDialog</name>
    <message>
        <source>居民电话未接通，稍后再打</source>
        <translation>Resident did not answer; call again later</translation>
    </message>
    <message>
        <source>承办单位还在处理，稍后再问</source>
        <translation>The unit is still working on it; ask again later</translation>
    </message>
    <message>
        <source>居民要求晚些回电</source>
        <translation>Resident asked to be called later</translation>
    </message>
    <message>
        <source>正在处理其他来电</source>
        <translation>Busy with another call</translation>
    </message>
    <message>
        <source>推迟提醒</source>
        <translation>Snooze reminder</translation>
    </message>
    <message>
        <source>未接来电</source>
        <translation>Missed call</translation>
    </message>
    <message>
        <source>{kind}：{what}，{due} 到期。
推迟的只是提醒，时限不变，超时仍然计入。</source>
        <translation>{kind}: {what}, due {due}.
Only the reminder waits; the deadline stays and lateness still counts.</translation>
    </message>
    <message>
        <source>&amp;{key} 推迟 {n} 分钟</source>
        <translation>&amp;{key} Snooze {n} minutes</translation>
    </message>
    <message>
        <source>&amp;4 推迟到：</source>
        <translation>&amp;4 Snooze until:</translation>
    </message>
    <message>
        <source>原因（必填）：</source>
        <translation>Reason (required):</translation>
    </message>
    <message>
        <source>选择或输入原因</source>
        <translation>Choose or type a reason</translation>
    </message>
</context>
<context>
    <name>SpecialMemberDialog</name>
    <message>
        <source>新建重点人群记录</source>
        <translation>New special-group record</translation>
    </message>
    <message>
        <source>编辑重点人群记录</source>
        <translation>Edit special-group record</translation>
    </message>
    <message>
        <source>（不限）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>姓名(&amp;M)：</source>
        <translation>Na&amp;me:</translation>
    </message>
    <message>
        <source>人群类别(&amp;G)：</source>
        <translation>&amp;Group:</translation>
    </message>
    <message>
        <source>电话(&amp;P)：</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>社区(&amp;C)：</source>
        <translation>&amp;Community:</translation>
    </message>
    <message>
        <source>地址(&amp;A)：</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <source>网格员(&amp;W)：</source>
        <translation>Grid &amp;worker:</translation>
    </message>
    <message>
        <source>需求(&amp;N)：</source>
        <translation>&amp;Needs:</translation>
    </message>
    <message>
        <source>备注(&amp;B)：</source>
        <translation>Note&amp;s:</translation>
    </message>
</context>
<context>
    <name>StreetDialog</name>
    <message>
        <source>街道与社区</source>
        <translation>Street and communities</translation>
    </message>
    <message>
        <source>社区(&amp;1)</source>
        <translation>Communities (&amp;1)</translation>
    </message>
    <message>
        <source>网格(&amp;2)</source>
        <translation>Grids (&amp;2)</translation>
    </message>
    <message>
        <source>添加(&amp;A)…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>改名/编辑(&amp;R)…</source>
        <translation>&amp;Rename/Edit…</translation>
    </message>
    <message>
        <source>合并(&amp;M)…</source>
        <translation>&amp;Merge…</translation>
    </message>
    <message>
        <source>停用/恢复(&amp;T)</source>
        <translation>Re&amp;tire/Reinstate</translation>
    </message>
    <message>
        <source>删除(&amp;D)</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>街道名称(&amp;S)…</source>
        <translation>&amp;Street Name…</translation>
    </message>
    <message>
        <source>停用的社区和网格不再出现在新来电的选择中，旧工单照常显示它们的名称。同一个地方的两种写法请用“合并”。</source>
        <translation>Retired communities and grids are no longer offered in New Call; old tickets still show their names. Two spellings of one place: use Merge.</translation>
    </message>
    <message>
        <source>街道：{name}</source>
        <translation>Street: {name}</translation>
    </message>
    <message>
        <source>街道：（未填写）</source>
        <translation>Street: (not set)</translation>
    </message>
    <message>
        <source>添加社区</source>
        <translation>Add communities</translation>
    </message>
    <message>
        <source>社区名称，每行一个（可以从 Excel 粘贴一列）：</source>
        <translation>Community names, one per line (a column pasted from Excel works):</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>grid</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>community</translation>
    </message>
    <message>
        <source>社区改名</source>
        <translation>Rename community</translation>
    </message>
    <message>
        <source>“{name}”的新名称（旧工单随之显示新名称）：</source>
        <translation>New name for &quot;{name}&quot; (old tickets show the new name):</translation>
    </message>
    <message>
        <source>{name}（已停用）</source>
        <translation>{name} (retired)</translation>
    </message>
    <message>
        <source>合并社区</source>
        <translation>Merge communities</translation>
    </message>
    <message>
        <source>把“{name}”合并到哪个社区？它的 {n} 张工单、单位负责范围和重点人群都将移过去，然后删除“{name}”。</source>
        <translation>Merge &quot;{name}&quot; into which community? Its {n} tickets, units&apos; coverage and special-group members move there, then &quot;{name}&quot; is deleted.</translation>
    </message>
    <message>
        <source>确定把“{a}”合并到“{b}”吗？此操作不能撤销。</source>
        <translation>Merge &quot;{a}&quot; into &quot;{b}&quot;? This cannot be undone.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>删除“{name}”吗？</source>
        <translation>Delete &quot;{name}&quot;?</translation>
    </message>
    <message>
        <source>街道名称</source>
        <translation>Street name</translation>
    </message>
    <message>
        <source>本值班台服务的街道（报表抬头使用）：</source>
        <translation>The street this desk serves (shown in report headers):</translation>
    </message>
</context>
<context>
    <name>StreetPage</name>
    <message>
        <source>街道和社区</source>
        <translation>Street and communities</translation>
    </message>
    <message>
        <source>每行一个社区，也可以从 Excel 复制一列粘贴进来；按“加入列表”（Ctrl+Enter）后在下面检查，选中一行按 Delete 可删除。可以跳过，以后在设置里补上。</source>
        <translation>One community per line, or paste a column copied from Excel; press &quot;Add to list&quot; (Ctrl+Enter) and check the list below (Delete removes the selected line). This step can be skipped and done later.</translation>
    </message>
    <message>
        <source>例如：城东街道</source>
        <translation>e.g. Chengdong Street</translation>
    </message>
    <message>
        <source>街道(&amp;S)：</source>
        <translation>&amp;Street:</translation>
    </message>
    <message>
        <source>嘉宏三村
白马小区
……</source>
        <translation>Jiahong No. 3 Village
Baima Estate
…</translation>
    </message>
    <message>
        <source>社区(&amp;C)：</source>
        <translation>&amp;Communities:</translation>
    </message>
    <message>
        <source>加入列表(&amp;A)</source>
        <translation>&amp;Add to list</translation>
    </message>
    <message>
        <source>删除所选(&amp;D)</source>
        <translation>&amp;Delete selected</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>已有 {n} 个社区：{names}</source>
        <translation>{n} communities already: {names}</translation>
    </message>
    <message>
        <source>将要添加的社区：{n} 个</source>
        <translation>Communities to add: {n}</translation>
    </message>
</context>
<context>
    <name>SwitchUser</name>
    <message>
        <source>{user} 已注销</source>
        <translation>{user} logged out</translation>
    </message>
    <message>
        <source>{user} 已登录</source>
        <translation>{user} logged in</translation>
    </message>
</context>
<context>
    <name>TextPromptDialog</name>
    <message>
        <source>Ctrl+Enter 确定</source>
        <translation>Ctrl+Enter confirms</translation>
    </message>
    <message>
        <source>请填写内容。</source>
        <translation>Please fill this in.</translation>
    </message>
    <message>
        <source>内容太长（最多 {n} 个字）。</source>
        <translation>Too long (at most {n} characters).</translation>
    </message>
</context>
<context>
    <name>TicketActions</name>
    <message>
        <source>直接答复(&amp;A)…</source>
        <translation>&amp;Answer on the spot…</translation>
    </message>
    <message>
        <source>派单(&amp;D)…</source>
        <translation>&amp;Dispatch…</translation>
    </message>
    <message>
        <source>回访：已到场(&amp;K)…</source>
        <translation>Check-back: someone came (&amp;K)…</translation>
    </message>
    <message>
        <source>回访：未到场(&amp;Y)…</source>
        <translation>Check-back: not &amp;yet…</translation>
    </message>
    <message>
        <source>上报街道(&amp;E)…</source>
        <translation>&amp;Escalate to the street office…</translation>
    </message>
    <message>
        <source>办结(&amp;J)…</source>
        <translation>Resolve (&amp;J)…</translation>
    </message>
    <message>
        <source>满意度回访(&amp;S)…</source>
        <translation>&amp;Satisfaction call…</translation>
    </message>
    <message>
        <source>回访复核(&amp;U)…</source>
        <translation>Review the rating (&amp;U)…</translation>
    </message>
    <message>
        <source>整改(&amp;N)…</source>
        <translation>Rectificatio&amp;n…</translation>
    </message>
    <message>
        <source>再回访(&amp;Z)…</source>
        <translation>Second call (&amp;Z)…</translation>
    </message>
    <message>
        <source>重新办理(&amp;R)…</source>
        <translation>&amp;Reopen…</translation>
    </message>
    <message>
        <source>督办(&amp;B)…</source>
        <translation>Press the unit (&amp;B)…</translation>
    </message>
    <message>
        <source>挂起(&amp;W)…</source>
        <translation>Pause (&amp;W)…</translation>
    </message>
    <message>
        <source>恢复办理(&amp;G)…</source>
        <translation>Resume (&amp;G)…</translation>
    </message>
    <message>
        <source>申请延期(&amp;X)…</source>
        <translation>Request more time (&amp;X)…</translation>
    </message>
    <message>
        <source>审批延期(&amp;Q)…</source>
        <translation>Decide on more time (&amp;Q)…</translation>
    </message>
    <message>
        <source>退单(&amp;T)…</source>
        <translation>Record a return (&amp;T)…</translation>
    </message>
    <message>
        <source>审批退单(&amp;P)…</source>
        <translation>Decide on a return (&amp;P)…</translation>
    </message>
    <message>
        <source>并单(&amp;H)…</source>
        <translation>Merge into another ticket (&amp;H)…</translation>
    </message>
    <message>
        <source>协办派单(&amp;O)…</source>
        <translation>Add a co-handling unit (&amp;O)…</translation>
    </message>
    <message>
        <source>协办回访(&amp;L)…</source>
        <translation>Check back on a co-handling unit (&amp;L)…</translation>
    </message>
    <message>
        <source>添加备注(&amp;M)…</source>
        <translation>Add a note (&amp;M)…</translation>
    </message>
    <message>
        <source>添加照片(&amp;F)…</source>
        <translation>Add a photo (&amp;F)…</translation>
    </message>
    <message>
        <source>作废(&amp;V)…</source>
        <translation>&amp;Void…</translation>
    </message>
    <message>
        <source>作废需要值班领导或管理员权限</source>
        <translation>Voiding needs a supervisor or an admin</translation>
    </message>
    <message>
        <source>值班领导督办超时工单的承办单位，可打印督办通知单</source>
        <translation>A supervisor presses the unit of an overdue ticket; the press notice can be printed</translation>
    </message>
    <message>
        <source>值班领导把重复工单并入另一张未办结的工单，受理量只计一次</source>
        <translation>A supervisor merges a duplicate into another open ticket; the matter is counted once</translation>
    </message>
    <message>
        <source>把居民或承办单位发来的现场照片（JPEG/PNG）存入工单，照片中的拍摄位置等信息会被去掉</source>
        <translation>Keep a photo from the resident or the unit (JPEG/PNG) with the ticket; its location and other metadata are removed</translation>
    </message>
    <message>
        <source>粘贴照片(&amp;I)</source>
        <translation>Paste a photo (&amp;I)</translation>
    </message>
    <message>
        <source>把剪贴板中的图片存入所选工单</source>
        <translation>Keep the clipboard&apos;s picture with the selected ticket</translation>
    </message>
    <message>
        <source>保密(&amp;K)…</source>
        <translation>Confidential (&amp;K)…</translation>
    </message>
    <message>
        <source>来电人要求保密：姓名、电话、地址不出现在任何列表和导出中（取消需值班领导）</source>
        <translation>The caller asks for confidentiality: name, phone and address in no list or export (a supervisor lifts it)</translation>
    </message>
    <message>
        <source>撤销上一步(&amp;U)…</source>
        <translation>&amp;Undo last step…</translation>
    </message>
    <message>
        <source>撤销自己刚做的一步（值班领导可更正任何一步，需写明原因）</source>
        <translation>Undo the step you just took (a supervisor can correct any step, with a reason)</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>{t} 的“{step}”</source>
        <translation>&apos;{step}&apos; at {t}</translation>
    </message>
    <message>
        <source>更正操作</source>
        <translation>Correct a step</translation>
    </message>
    <message>
        <source>撤销工单 {n} {step}：工单回到这一步之前的状态和时限，两者都留在记录中。更正原因：</source>
        <translation>Undo {step} on ticket {n}: the ticket returns to its state and deadlines from before that step; both stay on record. Reason for the correction:</translation>
    </message>
    <message>
        <source>撤销工单 {n} {step}？工单回到这一步之前的状态和时限（不算重新办理）。</source>
        <translation>Undo {step} on ticket {n}? The ticket returns to its state and deadlines from before that step (not counted as a reopen).</translation>
    </message>
    <message>
        <source>添加照片</source>
        <translation>Add a photo</translation>
    </message>
    <message>
        <source>照片 (*.jpg *.jpeg *.png)</source>
        <translation>Photos (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>保密</source>
        <translation>Confidential</translation>
    </message>
    <message>
        <source>取消保密</source>
        <translation>Lift confidentiality</translation>
    </message>
    <message>
        <source>设为保密的原因（可不填）：</source>
        <translation>Why it is confidential (optional):</translation>
    </message>
    <message>
        <source>取消保密的原因：</source>
        <translation>Why confidentiality is lifted:</translation>
    </message>
    <message>
        <source>粘贴照片</source>
        <translation>Paste a photo</translation>
    </message>
    <message>
        <source>剪贴板中没有图片。</source>
        <translation>There is no picture on the clipboard.</translation>
    </message>
    <message>
        <source>剪贴板.png</source>
        <translation>clipboard.png</translation>
    </message>
    <message>
        <source>保存督办通知单</source>
        <translation>Save the press notice</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>直接答复</source>
        <translation>Answer on the spot</translation>
    </message>
    <message>
        <source>答复内容（工单 {n}）：</source>
        <translation>Answer (ticket {n}):</translation>
    </message>
    <message>
        <source>整改：重新派单</source>
        <translation>Rectification: dispatch again</translation>
    </message>
    <message>
        <source>工单将重新办理。请选择承办单位重新派单（原单位排在选中位置）；取消则只记录整改，工单留在待办中等待派单。</source>
        <translation>The ticket will be handled again. Choose the unit to dispatch it to (its last unit is selected); Cancel records only the rectification and leaves the ticket waiting for a dispatch in the due queue.</translation>
    </message>
    <message>
        <source>回访：未到场</source>
        <translation>Check-back: not yet</translation>
    </message>
    <message>
        <source>回访记录（可不填）：</source>
        <translation>Check-back note (optional):</translation>
    </message>
    <message>
        <source>上报街道</source>
        <translation>Escalate to the street office</translation>
    </message>
    <message>
        <source>上报原因：</source>
        <translation>Reason for escalating:</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Resolve</translation>
    </message>
    <message>
        <source>办理结果：</source>
        <translation>Result:</translation>
    </message>
    <message>
        <source>重新办理</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>重新办理的原因：</source>
        <translation>Reason for reopening:</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Press</translation>
    </message>
    <message>
        <source>督办意见（将印在督办通知单上，工单 {n}，承办单位 {u}）：</source>
        <translation>What to tell the unit (printed on the press notice; ticket {n}, unit {u}):</translation>
    </message>
    <message>
        <source>未派单</source>
        <translation>not dispatched</translation>
    </message>
    <message>
        <source>挂起</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>挂起原因（等待居民什么，约定何时）。挂起期间时限停止计时：</source>
        <translation>Why it is paused (what the resident is to do, and when). The deadlines stop while paused:</translation>
    </message>
    <message>
        <source>恢复办理</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>备注（可不填）。时限按挂起时剩余的时间继续计时：</source>
        <translation>Note (optional). The deadlines run on with the time they had left:</translation>
    </message>
    <message>
        <source>{unit}：{text}</source>
        <translation>{unit}: {text}</translation>
    </message>
    <message>
        <source>审批延期</source>
        <translation>Decide on more time</translation>
    </message>
    <message>
        <source>同意延期</source>
        <translation>Grant more time</translation>
    </message>
    <message>
        <source>不同意（按原时限办理）</source>
        <translation>Refuse (the limit stands)</translation>
    </message>
    <message>
        <source>退单</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>{unit} 退回工单 {n} 的原因（为什么不属于该单位）：</source>
        <translation>Why {unit} returns ticket {n} (why it is not theirs):</translation>
    </message>
    <message>
        <source>协办派单</source>
        <translation>Add a co-handling unit</translation>
    </message>
    <message>
        <source>{unit} 主办，所选单位协办：协办单位有自己的派单回访。</source>
        <translation>{unit} leads; the unit chosen helps and has a check-back of its own.</translation>
    </message>
    <message>
        <source>添加备注</source>
        <translation>Add a note</translation>
    </message>
    <message>
        <source>备注：</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>作废工单</source>
        <translation>Void ticket</translation>
    </message>
    <message>
        <source>作废原因（重复、骚扰、打错电话等）。作废的工单不会被删除：</source>
        <translation>Reason for voiding (duplicate, prank, wrong number …). A void ticket is never deleted:</translation>
    </message>
    <message>
        <source>审批退单</source>
        <translation>Decide on a return</translation>
    </message>
    <message>
        <source>{unit} 退单：{text}</source>
        <translation>{unit} returns it: {text}</translation>
    </message>
    <message>
        <source>同意退单，改派其他单位</source>
        <translation>Agree, and send it to another unit</translation>
    </message>
    <message>
        <source>不同意（原单位继续办理）</source>
        <translation>Refuse (the unit keeps it)</translation>
    </message>
    <message>
        <source>改派</source>
        <translation>Send to another unit</translation>
    </message>
    <message>
        <source>无法完成</source>
        <translation>Cannot do that</translation>
    </message>
</context>
<context>
    <name>TicketDetailView</name>
    <message>
        <source>在列表中选择一张工单，这里显示它的内容、处理经过和时限。</source>
        <translation>Select a ticket in the list to see its content, its history and its deadlines here.</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>来电渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>来电人</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>诉求类型</source>
        <translation>Request type</translation>
    </message>
    <message>
        <source>问题分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>首问受理人</source>
        <translation>First taken by</translation>
    </message>
    <message>
        <source>承办单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <source>{unit}（{contact}）</source>
        <translation>{unit} ({contact})</translation>
    </message>
    <message>
        <source>协办单位</source>
        <translation>Co-handling units</translation>
    </message>
    <message>
        <source>{unit}（{t} 到场）</source>
        <translation>{unit} (came {t})</translation>
    </message>
    <message>
        <source>{unit}（待回访）</source>
        <translation>{unit} (to check back)</translation>
    </message>
    <message>
        <source>派单时间</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <source>到场时间</source>
        <translation>Arrived at</translation>
    </message>
    <message>
        <source>上报时间</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>办结时间</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>态度 {n}</source>
        <translation>attitude {n}</translation>
    </message>
    <message>
        <source>能力 {n}</source>
        <translation>ability {n}</translation>
    </message>
    <message>
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>解决情况</source>
        <translation>Solved</translation>
    </message>
    <message>
        <source>回访复核</source>
        <translation>Review of the rating</translation>
    </message>
    <message>
        <source>重新办理次数</source>
        <translation>Times reopened</translation>
    </message>
    <message>
        <source>挂起</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>自 {t} 起等待居民，时限暂停（工单 → 恢复办理）</source>
        <translation>Waiting on the resident since {t}; deadlines stopped (Tickets → Resume)</translation>
    </message>
    <message>
        <source>保密</source>
        <translation>Confidential</translation>
    </message>
    <message>
        <source>来电人姓名、电话、地址不出现在任何列表和导出中</source>
        <translation>The caller&apos;s name, phone and address appear in no list or export</translation>
    </message>
    <message>
        <source>并单</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>已并入工单 {n}，在该工单继续办理和回访</source>
        <translation>Merged into ticket {n}; handled and called back there</translation>
    </message>
    <message>
        <source>来电内容</source>
        <translation>What the caller said</translation>
    </message>
    <message>
        <source>其他来电人（{n} 次，回访时逐一答复）</source>
        <translation>Further callers ({n}; call each back)</translation>
    </message>
    <message>
        <source>（并单自 {n}）</source>
        <translation>(merged from {n})</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>作废原因</source>
        <translation>Reason for voiding</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Deadlines</translation>
    </message>
    <message>
        <source>{kind}：应于 {due} 前，{outcome}于 {done}</source>
        <translation>{kind}: due by {due}; {outcome} at {done}</translation>
    </message>
    <message>
        <source>{kind}：已超时（应于 {due} 前）</source>
        <translation>{kind}: OVERDUE (was due by {due})</translation>
    </message>
    <message>
        <source>{kind}：{due} 前</source>
        <translation>{kind}: due by {due}</translation>
    </message>
    <message>
        <source>（提醒推迟到 {t}）</source>
        <translation> (reminder snoozed until {t})</translation>
    </message>
    <message>
        <source>处理经过</source>
        <translation>History</translation>
    </message>
    <message>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <source>（{old} → {new}）</source>
        <translation> ({old} → {new})</translation>
    </message>
    <message>
        <source>（已撤销）</source>
        <translation>(undone)</translation>
    </message>
    <message>
        <source>现场照片（{n} 张，点击查看）</source>
        <translation>Photos ({n}; click to view)</translation>
    </message>
    <message>
        <source>（照片无法显示）</source>
        <translation>(photo cannot be shown)</translation>
    </message>
    <message>
        <source>{who} {t} 添加，{w}×{h}</source>
        <translation>Added by {who} {t}, {w}×{h}</translation>
    </message>
</context>
<context>
    <name>TicketImportDialog</name>
    <message>
        <source>导入历史工单</source>
        <translation>Import old tickets</translation>
    </message>
    <message>
        <source>先检查文件：有问题的行会按行号列出，此前已导入的行会跳过，检查时不会写入任何数据。</source>
        <translation>Check the file first: bad rows are listed by row number, rows imported before are skipped, and nothing is written while checking.</translation>
    </message>
    <message>
        <source>正在写入工单…</source>
        <translation>Writing the tickets…</translation>
    </message>
    <message>
        <source>选择历史工单文件</source>
        <translation>Choose a file of old tickets</translation>
    </message>
    <message>
        <source>{n} 张导入的未办结工单：在状态筛选中选“导入的未办结”列出它们。</source>
        <translation>{n} imported ticket(s) still open: choose the status filter &apos;Imported, open&apos; to list them.</translation>
    </message>
    <message>
        <source>共 {rows} 行：{good} 行正确（将新建 {good} 张工单），{bad} 行有问题，{before} 行此前已导入（将跳过）。</source>
        <translation>{rows} row(s): {good} good ({good} new ticket(s)), {bad} bad, {before} imported before (skipped). </translation>
    </message>
    <message>
        <source>有问题的是第 {list} 行（见下表），尚未写入任何数据。请改正文件后重新检查，或只导入正确的行。</source>
        <translation>Bad rows: {list} (see the table); nothing has been written. Fix the file and check it again, or import the good rows only.</translation>
    </message>
    <message>
        <source>没有需要导入的新工单。</source>
        <translation>There are no new tickets to import.</translation>
    </message>
    <message>
        <source>按“导入”写入。</source>
        <translation>Press Import to write them.</translation>
    </message>
</context>
<context>
    <name>TicketTableModel</name>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>来电人</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>分类</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>承办单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
</context>
<context>
    <name>UnitEditDialog</name>
    <message>
        <source>新建单位</source>
        <translation>New unit</translation>
    </message>
    <message>
        <source>编辑单位</source>
        <translation>Edit unit</translation>
    </message>
    <message>
        <source>在用（可派单）</source>
        <translation>Active (may be dispatched to)</translation>
    </message>
    <message>
        <source>志愿者、工匠写明技能，如：修伞、磨刀、配钥匙</source>
        <translation>For volunteers and craftsmen: skills, e.g. umbrella repair, knife sharpening, keys</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phones</translation>
    </message>
    <message>
        <source>值班时间</source>
        <translation>Duty hours</translation>
    </message>
    <message>
        <source>添加联系人 Ctrl+N</source>
        <translation>Add contact Ctrl+N</translation>
    </message>
    <message>
        <source>删除联系人 Ctrl+Del</source>
        <translation>Remove contact Ctrl+Del</translation>
    </message>
    <message>
        <source>值班时间写法：24小时、08:30-17:30、工作日 08:30-17:30、周末 09:00-12:00、20:00-08:00；空白表示不确定。</source>
        <translation>Duty hours are written like 24小时 (24 hours), 08:30-17:30, 工作日 08:30-17:30 (workdays), 周末 09:00-12:00 (weekends), 20:00-08:00; blank means unknown.</translation>
    </message>
    <message>
        <source>都不勾选 = 全街道</source>
        <translation>None ticked = the whole street</translation>
    </message>
    <message>
        <source>单位名称(&amp;M)：</source>
        <translation>Na&amp;me:</translation>
    </message>
    <message>
        <source>类别(&amp;K)：</source>
        <translation>&amp;Kind:</translation>
    </message>
    <message>
        <source>擅长(&amp;J)：</source>
        <translation>&amp;Skills:</translation>
    </message>
    <message>
        <source>备注(&amp;B)：</source>
        <translation>N&amp;otes:</translation>
    </message>
    <message>
        <source>联系人(&amp;L)：</source>
        <translation>Con&amp;tacts:</translation>
    </message>
    <message>
        <source>负责社区(&amp;C)：</source>
        <translation>&amp;Communities:</translation>
    </message>
    <message>
        <source>负责分类(&amp;F)：</source>
        <translation>Cate&amp;gories:</translation>
    </message>
    <message>
        <source>保存失败：数据库暂时无法写入，请稍后再试。</source>
        <translation>Could not save: the database cannot be written right now. Try again shortly.</translation>
    </message>
</context>
<context>
    <name>UnitImportDialog</name>
    <message>
        <source>导入电话簿</source>
        <translation>Import the phonebook</translation>
    </message>
    <message>
        <source>Excel 文件（.xlsx）</source>
        <translation>Excel file (.xlsx)</translation>
    </message>
    <message>
        <source>选择文件(&amp;O)…</source>
        <translation>&amp;Open file…</translation>
    </message>
    <message>
        <source>检查(&amp;K)</source>
        <translation>Chec&amp;k</translation>
    </message>
    <message>
        <source>先检查文件：有问题的行会按行号列出，检查时不会写入任何数据。</source>
        <translation>Check the file first: bad rows are listed by row number; checking writes nothing.</translation>
    </message>
    <message>
        <source>新建文件中提到而本台没有的社区、单位和分类(&amp;M)</source>
        <translation>Create the co&amp;mmunities, units and categories the file names and this desk lacks</translation>
    </message>
    <message>
        <source>勾选后重新检查：先列出将新建的名称，导入时与数据在同一事务中一并写入。</source>
        <translation>Checks the file again: the names to be created are listed first and written in the same transaction as the rows.</translation>
    </message>
    <message>
        <source>导入(&amp;I)</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>只导入正确的行(&amp;G)</source>
        <translation>Import &amp;good rows only</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>文件(&amp;F)：</source>
        <translation>&amp;File:</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>选择电话簿文件</source>
        <translation>Choose the phonebook file</translation>
    </message>
    <message>
        <source>文件中提到的部分名称本台还没有：勾选“新建文件中提到而本台没有的社区、单位和分类”可一并新建。</source>
        <translation>The file names places, units or categories this desk lacks: tick &apos;Create the communities, units and categories…&apos; to create them with the import.</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel files (*.xlsx)</translation>
    </message>
    <message>
        <source>正在检查文件…</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <source>共 {rows} 行，没有错误：将新建 {c} 个单位，更新 {u} 个。按“导入”写入电话簿。</source>
        <translation>{rows} row(s), no errors: {c} unit(s) will be created and {u} updated. Press Import to write them.</translation>
    </message>
    <message>
        <source>共 {rows} 行，其中 {bad} 行有问题（第 {list}{more} 行，见下表），尚未写入任何数据。请改正文件后重新检查，或只导入正确的 {ok} 行（新建 {c} 个单位，更新 {u} 个）。</source>
        <translation>{rows} row(s), {bad} with problems (rows {list}{more}, listed below); nothing has been written. Fix the file and check again, or import only the {ok} good row(s) ({c} unit(s) created, {u} updated).</translation>
    </message>
    <message>
        <source>无法读取这个文件，详细情况已记入日志。</source>
        <translation>This file cannot be read; the details are in the log.</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>正在写入电话簿…</source>
        <translation>Writing to the phonebook…</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>已取消检查。没有写入任何数据。</source>
        <translation>Check cancelled. Nothing was written.</translation>
    </message>
</context>
<context>
    <name>UnitTableModel</name>
    <message>
        <source>单位名称</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>现在</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>负责社区</source>
        <translation>Communities</translation>
    </message>
    <message>
        <source>负责分类</source>
        <translation>Categories</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>擅长 / 备注</source>
        <translation>Skills / notes</translation>
    </message>
    <message>
        <source>全街道</source>
        <translation>whole street</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>deactivated</translation>
    </message>
    <message>
        <source>负责社区：{v}</source>
        <translation>Communities: {v}</translation>
    </message>
    <message>
        <source>负责分类：{v}</source>
        <translation>Categories: {v}</translation>
    </message>
    <message>
        <source>（未设置）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>擅长：{v}</source>
        <translation>Skills: {v}</translation>
    </message>
    <message>
        <source>备注：{v}</source>
        <translation>Notes: {v}</translation>
    </message>
    <message>
        <source>联系人：</source>
        <translation>Contacts:</translation>
    </message>
    <message>
        <source>（没有联系人）</source>
        <translation>(no contacts)</translation>
    </message>
    <message>
        <source>（未填姓名）</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <source>现在在岗</source>
        <translation>on duty now</translation>
    </message>
    <message>
        <source>现在不在岗</source>
        <translation>not on duty now</translation>
    </message>
    <message>
        <source>值班时间不详</source>
        <translation>duty hours unknown</translation>
    </message>
    <message>
        <source>（导入时新建，待补充联系人：请编辑本单位添加联系人和值班时间）</source>
        <translation>(created by an import; contacts to be added: edit this unit to add its contacts and duty hours)</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>inactive</translation>
    </message>
    <message>
        <source>待补充联系人</source>
        <translation>Contacts needed</translation>
    </message>
    <message>
        <source>可联系</source>
        <translation>reachable</translation>
    </message>
    <message>
        <source>不在岗</source>
        <translation>off duty</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>导出(&amp;E)</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <source>工单(&amp;T)</source>
        <translation>&amp;Tickets</translation>
    </message>
    <message>
        <source>电话簿(&amp;P)</source>
        <translation>&amp;Phonebook</translation>
    </message>
    <message>
        <source>班次(&amp;S)</source>
        <translation>&amp;Shift</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>排序(&amp;O)</source>
        <translation>S&amp;ort</translation>
    </message>
    <message>
        <source>工单详情(&amp;D)</source>
        <translation>Ticket &amp;details</translation>
    </message>
    <message>
        <source>设置(&amp;E)</source>
        <translation>S&amp;ettings</translation>
    </message>
    <message>
        <source>管理(&amp;A)</source>
        <translation>&amp;Admin</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>工具栏(&amp;T)</source>
        <translation>&amp;Toolbar</translation>
    </message>
</context>
</TS>
