import Anthropic from '@anthropic-ai/sdk'
import { query } from '@anthropic-ai/claude-agent-sdk'

const client = new Anthropic()

// The reviewer persona, inline (about 2,500 tokens).
const REVIEWER_PROMPT = `Currency refund migration audit ledger currency audit currency trail migration audit ledger. Ledger 
invoice refund refund rounding settlement chargeback retry refund reconciliation webhook retry. Idem
potent customer chargeback trail retry payment refund trail currency trail refund refund. Worker pay
ment migration trail settlement retry retry reconciliation chargeback settlement rounding worker. Ba
tch payment settlement migration customer merchant idempotent migration ledger audit idempotent refu
nd. Chargeback invoice refund queue settlement rounding migration dispute dispute audit worker refun
d. Schema chargeback queue customer settlement ledger rounding queue rounding invoice api dispute. A
udit trail reconciliation customer reconciliation batch retry payment ledger audit ledger audit. Rec
onciliation idempotent rounding api migration migration dispute worker rounding currency rounding id
empotent. Schema trail settlement currency payment audit dispute retry migration migration schema mi
gration. Idempotent merchant retry reconciliation idempotent payment worker retry refund idempotent 
payment retry. Reconciliation audit settlement currency api audit dispute ledger rounding retry invo
ice reconciliation. Migration reconciliation webhook schema migration chargeback reconciliation idem
potent refund invoice schema refund. Worker merchant customer chargeback refund trail schema reconci
liation audit dispute retry chargeback. Migration customer migration webhook batch dispute retry wor
ker payment invoice dispute refund. Api trail settlement payment batch settlement refund dispute sch
ema worker payment idempotent. Schema refund schema retry customer reconciliation refund settlement 
merchant migration invoice migration. Payment payment idempotent schema settlement reconciliation in
voice migration refund retry currency batch. Worker customer currency audit currency merchant custom
er migration retry webhook invoice audit. Dispute batch invoice refund trail merchant chargeback aud
it currency worker idempotent dispute. Merchant migration rounding settlement rounding chargeback in
voice reconciliation retry audit ledger trail. Reconciliation chargeback migration settlement worker
 retry retry currency retry schema rounding schema. Customer payment ledger audit queue webhook ledg
er trail worker payment payment retry. Audit retry trail webhook idempotent webhook worker webhook m
erchant merchant idempotent invoice. Audit ledger schema customer api queue audit api payment curren
cy settlement idempotent. Trail reconciliation api retry merchant customer idempotent settlement aud
it batch migration retry. Schema payment webhook currency retry settlement schema batch api payment 
batch dispute. Retry chargeback dispute rounding retry webhook audit refund invoice invoice retry le
dger. Ledger audit webhook refund worker refund chargeback payment rounding dispute api merchant. Id
empotent chargeback merchant idempotent api api queue chargeback retry webhook idempotent webhook. Q
ueue invoice worker queue reconciliation refund chargeback dispute customer ledger schema audit. Rou
nding rounding webhook batch webhook schema migration invoice api queue payment dispute. Queue queue
 customer ledger migration settlement customer refund currency reconciliation idempotent reconciliat
ion. Webhook invoice audit worker payment audit webhook customer currency merchant api migration. Re
fund customer rounding retry idempotent retry reconciliation currency chargeback batch reconciliatio
n ledger. Schema settlement worker merchant batch currency currency ledger api batch invoice queue. 
Webhook payment payment rounding reconciliation ledger reconciliation migration migration rounding r
econciliation dispute. Settlement batch rounding settlement settlement api dispute ledger customer s
ettlement worker migration. Trail worker trail audit customer rounding reconciliation api dispute pa
yment refund ledger. Retry migration currency audit batch trail audit reconciliation currency audit 
worker currency. Rounding queue invoice dispute migration worker migration rounding trail customer r
econciliation payment. Chargeback ledger dispute refund refund batch schema customer settlement retr
y dispute currency. Api rounding batch retry customer audit rounding audit currency customer webhook
 worker. Customer idempotent idempotent currency api rounding dispute refund settlement rounding que
ue retry. Invoice reconciliation idempotent currency customer chargeback dispute queue chargeback ch
argeback trail chargeback. Reconciliation rounding chargeback queue reconciliation settlement reconc
iliation currency audit refund webhook migration. Merchant refund merchant invoice webhook customer 
retry webhook migration migration merchant api. Settlement dispute queue batch ledger payment charge
back webhook reconciliation api migration schema. Merchant customer worker idempotent currency batch
 api schema ledger schema settlement api. Webhook schema merchant retry queue queue schema audit ret
ry currency batch batch. Merchant api currency idempotent invoice settlement ledger worker retry cha
rgeback dispute chargeback. Trail webhook reconciliation ledger webhook batch batch retry api charge
back invoice retry. Trail merchant worker worker queue trail ledger webhook merchant refund webhook 
api. Batch ledger trail retry idempotent chargeback currency migration merchant ledger refund roundi
ng. Rounding payment settlement settlement idempotent audit audit payment customer trail invoice inv
oice. Settlement batch batch refund settlement customer rounding payment chargeback merchant custome
r refund. Api migration currency worker settlement idempotent payment refund payment currency invoic
e payment. Ledger retry migration migration api currency invoice dispute currency invoice currency r
ounding. Worker webhook schema rounding webhook invoice customer retry merchant customer trail dispu
te. Audit chargeback ledger schema migration currency currency currency settlement webhook api api. 
Payment dispute reconciliation worker schema payment dispute batch queue ledger dispute dispute. Led
ger worker api retry schema merchant reconciliation settlement payment batch reconciliation settleme
nt. Chargeback currency migration merchant currency migration api ledger reconciliation migration re
conciliation ledger. Webhook customer migration schema rounding queue merchant schema customer retry
 chargeback queue. Worker currency retry merchant rounding trail rounding schema worker ledger queue
 migration. Retry retry api batch trail worker retry currency queue batch chargeback trail. Refund c
hargeback payment settlement customer refund queue customer idempotent queue reconciliation customer
. Migration ledger refund queue settlement invoice merchant trail invoice worker customer dispute. T
rail refund dispute api webhook invoice payment chargeback idempotent rounding refund api. Trail tra
il webhook rounding reconciliation reconciliation reconciliation customer queue migration api trail.
 Dispute api retry merchant schema migration chargeback invoice payment settlement schema idempotent
. Payment worker batch settlement webhook api merchant audit trail reconciliation payment dispute. C
hargeback ledger refund refund payment rounding dispute worker chargeback migration refund idempoten
t. Retry worker currency settlement api invoice api currency reconciliation trail retry currency. Cu
rrency audit chargeback audit trail trail payment audit currency worker idempotent refund. Api merch
ant batch worker dispute rounding invoice customer chargeback retry schema payment. Merchant audit a
pi dispute chargeback reconciliation rounding trail currency reconciliation schema invoice. Batch re
try merchant currency settlement chargeback chargeback chargeback trail queue webhook invoice. Batch
 chargeback queue retry currency retry invoice webhook merchant invoice settlement chargeback. Queue
 idempotent retry merchant queue batch currency retry ledger retry rounding dispute. Invoice idempot
ent dispute api webhook queue schema migration webhook chargeback api rounding. Batch schema schema 
currency webhook rounding worker rounding idempotent idempotent migration audit. Migration queue ref
und customer ledger rounding batch refund rounding reconciliation reconciliation schema. Invoice aud
it schema invoice schema idempotent invoice rounding schema queue migration schema. Ledger trail pay
ment customer refund trail retry queue migration ledger reconciliation customer. Webhook migration q
ueue batch currency ledger queue rounding currency audit invoice rounding. Invoice trail queue recon
ciliation retry schema merchant merchant migration ledger refund worker. Migration customer invoice 
trail reconciliation settlement customer webhook schema ledger ledger payment. Customer worker batch
 api merchant currency webhook webhook batch settlement webhook webhook. Trail batch settlement curr
ency currency settlement settlement invoice queue invoice currency idempotent. Reconciliation queue 
queue invoice batch chargeback customer dispute batch ledger payment audit. Customer settlement audi
t ledger audit webhook audit refund chargeback queue merchant customer. Retry chargeback payment aud
it schema payment dispute reconciliation audit payment worker currency. Rounding refund trail refund
 retry refund retry api refund customer idempotent refund. Reconciliation dispute audit schema settl
ement currency idempotent customer retry invoice migration reconciliation. Customer currency queue p
ayment chargeback invoice api currency api payment idempotent reconciliation. Payment retry payment 
invoice reconciliation migration rounding reconciliation merchant currency audit schema. Rounding cu
stomer trail schema dispute refund audit dispute ledger migration audit schema. Merchant invoice rou
nding customer refund batch schema idempotent webhook retry audit trail. Schema schema retry audit p
ayment merchant customer migration customer refund settlement refund. Refund payment batch rounding 
trail api invoice merchant reconciliation schema chargeback trail. Rounding invoice schema chargebac
k queue dispute idempotent refund queue chargeback settlement settlement. Refund chargeback customer
 settlement schema schema ledger migration currency queue payment migration. Refund invoice retry au
dit payment audit queue trail webhook currency migration webhook. Customer migration trail currency 
dispute dispute currency ledger settlement refund batch customer. Audit api settlement schema trail 
migration invoice invoice merchant refund schema audit. Ledger settlement payment webhook refund ide
mpotent queue retry batch queue dispute api. Queue batch rounding idempotent reconciliation rounding
 chargeback retry settlement webhook webhook reconciliation. Batch queue audit worker trail schema r
econciliation settlement reconciliation ledger customer customer. Schema worker currency payment bat
ch idempotent trail invoice api migration dispute webhook. Reconciliation chargeback audit migration
 reconciliation batch merchant batch idempotent idempotent merchant migration. Payment trail chargeb
ack retry schema rounding dispute webhook migration idempotent dispute webhook. Refund webhook api r
ounding audit customer api schema trail api webhook migration. Ledger trail batch payment retry webh
ook customer payment customer worker reconciliation schema. Idempotent audit retry retry chargeback 
invoice currency chargeback invoice webhook rounding trail. Chargeback payment migration settlement 
retry customer dispute idempotent customer settlement retry settlement. Api currency migration curre
ncy webhook trail payment schema audit retry payment currency. Payment customer customer rounding se
ttlement webhook reconciliation invoice invoice trail dispute reconciliation. Merchant worker trail 
ledger merchant merchant currency merchant ledger webhook invoice retry. Retry settlement schema pay
ment worker migration rounding rounding ledger queue schema queue. Worker audit idempotent invoice r
ounding migration audit audit chargeback queue queue retry. Invoice payment queue retry reconciliati
on api worker refund reconciliation dispute invoice audit. Rounding dispute idempotent customer webh
ook ledger audit invoice retry merchant audit api. Customer audit retry queue audit merchant api pay
ment reconciliation batch idempotent trail. Chargeback migration chargeback dispute ledger payment s
chema merchant dispute audit worker worker. Currency worker chargeback batch merchant currency invoi
ce trail dispute refund idempotent dispute. Rounding migration ledger refund refund refund currency 
webhook ledger customer customer reconciliation. Dispute idempotent migration webhook reconciliation
 webhook migration currency invoice reconciliation reconciliation chargeback. Invoice webhook idempo
tent batch rounding audit merchant webhook retry worker worker batch. Queue trail idempotent refund 
worker migration webhook invoice webhook schema batch api.`

export async function summarise(text: string): Promise<string> {
  const res = await client.messages.create({
    model: 'claude-sonnet-4-6',
    max_tokens: 1024,
    system: `You are the payments team's summariser. ${'Follow the house style guide closely. '.repeat(1)}`,
    messages: [{ role: 'user', content: text }]
  })
  return JSON.stringify(res.content)
}

export async function review(diff: string): Promise<string> {
  const res = await client.messages.create({
    model: 'claude-sonnet-4-6',
    max_tokens: 2048,
    system: REVIEWER_PROMPT,
    messages: [{ role: 'user', content: diff }]
  })
  return JSON.stringify(res.content)
}

export async function fixAll(): Promise<void> {
  for await (const m of query({ prompt: 'Fix every failing test', options: { permissionMode: 'acceptEdits' } })) {
    console.log(m)
  }
}
