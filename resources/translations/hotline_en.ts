<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
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
        <source>重复来电：7 天内第 {0} 次</source>
        <translation>Repeat caller: call {0} within 7 days</translation>
    </message>
    <message>
        <source>此号码没有来电记录。</source>
        <translation>No earlier calls from this number.</translation>
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
    <name>DeskStatusBar</name>
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
        <source>待办 {due} · 超时 {overdue}</source>
        <translation>Due {due} · Overdue {overdue}</translation>
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
        <source>查找(&amp;F)：</source>
        <translation>&amp;Find:</translation>
    </message>
    <message>
        <source>状态(&amp;Z)：</source>
        <translation>Stat&amp;us:</translation>
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
        <source>还没有账号</source>
        <translation>No accounts yet</translation>
    </message>
    <message>
        <source>这个数据库还没有任何账号，无法登录。
请先在命令行添加一个管理员：
hotline-console user add 用户名 --role admin</source>
        <translation>This database has no accounts yet, so nobody can log in.
Add an admin on the command line first:
hotline-console user add NAME --role admin</translation>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>工单详情</source>
        <translation>Ticket details</translation>
    </message>
    <message>
        <source>将在后续版本提供</source>
        <translation>Coming in a later version</translation>
    </message>
    <message>
        <source>备份数据库(&amp;B)…</source>
        <translation>&amp;Back up database…</translation>
    </message>
    <message>
        <source>导出(&amp;E)…</source>
        <translation>&amp;Export…</translation>
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
        <source>查看电话簿(&amp;P)…</source>
        <translation>Open &amp;phonebook…</translation>
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
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
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
        <source>工单详情(&amp;D)</source>
        <translation>Ticket &amp;details</translation>
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
        <source>查找出错，已记入日志</source>
        <translation>Search failed; see the log</translation>
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
        <source>新来电</source>
        <translation>New call</translation>
    </message>
    <message>
        <source>新来电登记窗口尚未安装。</source>
        <translation>The New Call form is not installed yet.</translation>
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
        <source>上次有一张新来电没有保存（程序意外关闭）。现在恢复并继续填写吗？
选择“否”将丢弃这份草稿。</source>
        <translation>A new call was not saved last time (the program closed unexpectedly). Restore it and continue?
Choosing &quot;No&quot; discards the draft.</translation>
    </message>
    <message>
        <source>未接来电</source>
        <translation>Missed call</translation>
    </message>
    <message>
        <source>未接来电的号码：</source>
        <translation>Number of the missed call:</translation>
    </message>
    <message>
        <source>已登记未接来电，请及时回拨。</source>
        <translation>Missed call logged; please call back soon.</translation>
    </message>
    <message>
        <source>交班</source>
        <translation>Close shift</translation>
    </message>
    <message>
        <source>交班记录（交给下一班的事项，可不填）：</source>
        <translation>Handover note (what the next shift must know; optional):</translation>
    </message>
    <message>
        <source>备份数据库</source>
        <translation>Back up database</translation>
    </message>
    <message>
        <source>PostgreSQL 数据库请由管理员用 pg_dump 备份。</source>
        <translation>A PostgreSQL database is backed up by the administrator with pg_dump.</translation>
    </message>
    <message>
        <source>SQLite 数据库 (*.sqlite3)</source>
        <translation>SQLite database (*.sqlite3)</translation>
    </message>
    <message>
        <source>已备份到：
{path}</source>
        <translation>Backed up to:
{path}</translation>
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
    <name>NewCallDialog</name>
    <message>
        <source>新来电登记</source>
        <translation>New call</translation>
    </message>
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
        <source>按数字键选择：诉求 1咨询 2求助 3投诉 4举报 5建议 6表扬（或拼音首字母）；紧急 1普通 2紧急 3特急</source>
        <translation>Choose by number: request 1 enquiry 2 help 3 complaint 4 report 5 suggestion 6 praise (or pinyin initials); urgency 1 normal 2 urgent 3 critical</translation>
    </message>
    <message>
        <source>来电内容（Tab 离开此框）</source>
        <translation>What the caller said (Tab leaves this box)</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
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
    <name>SatisfactionDialog</name>
    <message>
        <source>满意度回访</source>
        <translation>Satisfaction call</translation>
    </message>
    <message>
        <source>未评</source>
        <translation>Not rated</translation>
    </message>
    <message>
        <source>满意度(&amp;S)：</source>
        <translation>&amp;Satisfaction:</translation>
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
        <source>重新办理(&amp;R)…</source>
        <translation>&amp;Reopen…</translation>
    </message>
    <message>
        <source>添加备注(&amp;M)…</source>
        <translation>Add a note (&amp;M)…</translation>
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
        <source>直接答复</source>
        <translation>Answer on the spot</translation>
    </message>
    <message>
        <source>答复内容（工单 {n}）：</source>
        <translation>Answer (ticket {n}):</translation>
    </message>
    <message>
        <source>回访：已到场</source>
        <translation>Check-back: someone came</translation>
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
        <source>受理人</source>
        <translation>Taken by</translation>
    </message>
    <message>
        <source>承办单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>{unit}（{contact}）</source>
        <translation>{unit} ({contact})</translation>
    </message>
    <message>
        <source>派单时间</source>
        <translation>Dispatched</translation>
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
        <source>重新办理次数</source>
        <translation>Times reopened</translation>
    </message>
    <message>
        <source>来电内容</source>
        <translation>What the caller said</translation>
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
</TS>
